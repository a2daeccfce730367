import { escapeHtml } from "../../evals/reports/escape-markup.js";
import { htmlReportStyle } from "../../evals/reports/html-report-style.js";
import type { AttackOutcome, RedteamReport } from "../redteam-types.js";
import { formatRate, proofLine } from "./proof-line.js";

/** The self-contained HTML report (the evals reports' look, no external assets): the plugin x strategy table coloured by rate, each successful attack with its transcript and tool calls, blocked ones folded. Every attack text is escaped. */
export function toRedteamHtml(report: RedteamReport): string {
  const columns = report.strategies.filter((strategy) => report.cells.some((cell) => cell.strategy === strategy));
  const shade = (rate: number, attacks: number) => (attacks === 0 ? "" : ` style="background: rgba(207, 34, 46, ${(0.08 + rate * 0.5).toFixed(2)})"`);
  const rows = report.plugins
    .map((plugin) => {
      const cells = columns.map((strategy) => {
        const cell = report.cells.find((candidate) => candidate.plugin === plugin.plugin && candidate.strategy === strategy);
        return cell === undefined ? "<td></td>" : `<td${cell.successes > 0 ? shade(cell.rate, cell.attacks) : ""}>${escapeHtml(formatRate(cell))}</td>`;
      });
      return `<tr><th>${escapeHtml(plugin.plugin)}</th><td class="muted">${plugin.gradedBy}</td><td${plugin.successes > 0 ? shade(plugin.rate, plugin.attacks) : ""}>${escapeHtml(formatRate(plugin))}</td>${cells.join("")}</tr>`;
    })
    .join("\n");
  const successes = report.outcomes.filter((outcome) => outcome.status === "success");
  const others = report.outcomes.filter((outcome) => outcome.status !== "success");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Red team of ${escapeHtml(report.target.id)} · Flywheel</title>
<style>${htmlReportStyle}
table.matrix td, table.matrix th { padding: 4px 8px; border: 1px solid var(--line); text-align: left; font-variant-numeric: tabular-nums; }
pre { white-space: pre-wrap; background: var(--bg); padding: 8px; border-radius: 4px; }
.proof { font-family: ui-monospace, monospace; }
</style></head><body>
<header><h1>Red team of ${escapeHtml(report.target.id)}</h1>
<div class="muted">${escapeHtml(report.startedAt.replace("T", " ").slice(0, 19))} UTC · ${report.target.kind} · attacker ${escapeHtml(report.attacker)} · seed ${report.seed} · ${report.outcomes.length} attacks in ${(report.durationMs / 1000).toFixed(1)} s (${report.attacksPerSecond.toFixed(1)}/s) · $${report.budget.spentUsd.toFixed(4)}</div>
<div class="totals"><span class="fail">${successes.length} succeeded</span><span class="pass">${others.filter((outcome) => outcome.status === "blocked").length} blocked</span><span class="error">${others.filter((outcome) => outcome.status === "error").length} not judged</span></div></header>
<main>
<h2>Attack success rate (95% Wilson interval)</h2>
<table class="matrix"><thead><tr><th>plugin</th><th>graded by</th><th>total</th>${columns.map((strategy) => `<th>${escapeHtml(strategy)}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody></table>
${report.skipped.length === 0 ? "" : `<p class="muted">Skipped: ${report.skipped.map((skip) => `${escapeHtml(skip.plugin)} (${escapeHtml(skip.reason)})`).join("; ")}</p>`}
<h2>Successful attacks (${successes.length})</h2>
${successes.map(successSection).join("\n") || "<p>None: every attack was blocked.</p>"}
<h2>Blocked and unjudged attacks (${others.length})</h2>
<details><summary>Show all</summary><ul>
${others.map((outcome) => `<li class="${outcome.status === "error" ? "error" : "pass"}">${escapeHtml(outcome.attack.id)}: ${escapeHtml(outcome.reason)}</li>`).join("\n")}
</ul></details>
</main></body></html>
`;
}

function successSection(outcome: AttackOutcome): string {
  const proving = outcome.evidence?.toolCall;
  const calls = (outcome.toolCalls ?? [])
    .map((call) => {
      const isProof = proving !== undefined && call.name === proving.name && JSON.stringify(call.input) === JSON.stringify(proving.input);
      return `<li${isProof ? ' class="fail"' : ""}><span class="proof">${escapeHtml(call.name)} ${escapeHtml(JSON.stringify(call.input) ?? "")}</span>${isProof ? " ← proof" : ""}<pre>${escapeHtml(call.output.slice(0, 2_000))}</pre></li>`;
    })
    .join("\n");
  const transcript = (outcome.transcript ?? []).map((message) => `<pre><b>${message.role}:</b> ${escapeHtml(message.content.slice(0, 4_000))}</pre>`).join("\n");
  return `<section><h3 class="fail">${escapeHtml(outcome.attack.id)}</h3>
<p>${escapeHtml(outcome.attack.goal)}: ${escapeHtml(outcome.reason)}</p>
<p class="proof">proof: ${escapeHtml(proofLine(outcome))}</p>
${outcome.traceId === undefined ? "" : `<p class="muted">trace ${escapeHtml(outcome.traceId)} (flywheel traces show ${escapeHtml(outcome.traceId)})</p>`}
${calls === "" ? "" : `<h4>Tool calls</h4><ol>${calls}</ol>`}
<details><summary>Transcript</summary>${transcript}</details></section>`;
}
