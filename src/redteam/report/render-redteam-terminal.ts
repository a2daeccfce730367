import pc from "picocolors";
import type { RedteamReport } from "../redteam-types.js";
import { formatRate, proofLine } from "./proof-line.js";

/** Options for `renderRedteamTerminal`. */
export interface RedteamTerminalOptions {
  /** Colour the output (default: picocolors' own detection, which honours NO_COLOR). */
  color?: boolean;
}

/**
 * The terminal report: a plugin x strategy table of attack success rates with 95% Wilson
 * intervals, then every successful attack with its proof (the tool call and argument, the
 * honeypot hit, or the output excerpt) and its trace, then skipped plugins and the budget.
 */
export function renderRedteamTerminal(report: RedteamReport, options: RedteamTerminalOptions = {}): string {
  const c = pc.createColors(options.color ?? pc.isColorSupported);
  const judged = report.outcomes.filter((outcome) => outcome.status !== "error").length;
  const successes = report.outcomes.filter((outcome) => outcome.status === "success");
  const lines: string[] = [];
  lines.push(c.bold(`Red team of ${report.target.id}`) + c.dim(` (${report.target.kind}; attacker ${report.attacker}; seed ${report.seed})`));
  lines.push(
    `${report.outcomes.length} attacks in ${(report.durationMs / 1000).toFixed(1)} s (${report.attacksPerSecond.toFixed(1)}/s), ` +
      `${successes.length} succeeded, ${report.outcomes.length - judged} errors, $${report.budget.spentUsd.toFixed(4)}`,
  );
  lines.push("");
  const columns = report.strategies.filter((strategy) => report.cells.some((cell) => cell.strategy === strategy));
  const header = ["plugin", "graded by", "total", ...columns];
  const rows = report.plugins.map((plugin) => [plugin.plugin, plugin.gradedBy, formatRate(plugin), ...columns.map((strategy) => {
    const cell = report.cells.find((candidate) => candidate.plugin === plugin.plugin && candidate.strategy === strategy);
    return cell === undefined ? "" : formatRate(cell);
  })]);
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: string[], colour?: (text: string) => string) => cells.map((cell, index) => (index === 0 && colour !== undefined ? colour(cell.padEnd(widths[index]!)) : cell.padEnd(widths[index]!))).join("  ").trimEnd();
  lines.push(c.bold(line(header)));
  for (const [index, row] of rows.entries()) lines.push(line(row, report.plugins[index]!.successes > 0 ? c.red : c.green));
  lines.push(c.dim("success rate per plugin and strategy: successes/attacks, rate, 95% Wilson interval"));
  if (successes.length > 0) {
    lines.push("", c.bold(c.red(`Successful attacks (${successes.length})`)));
    for (const outcome of successes) {
      lines.push(`${c.red("✗")} ${outcome.attack.id}: ${outcome.reason}`);
      lines.push(`    proof: ${proofLine(outcome)}`);
      if (outcome.traceId !== undefined) lines.push(c.dim(`    trace: flywheel traces show ${outcome.traceId}`));
    }
  }
  const errors = report.outcomes.filter((outcome) => outcome.status === "error");
  if (errors.length > 0) {
    lines.push("", c.yellow(`Not judged (${errors.length}):`));
    for (const outcome of errors.slice(0, 5)) lines.push(`  ${outcome.attack.id}: ${outcome.reason.split("\n")[0]}`);
    if (errors.length > 5) lines.push(`  … and ${errors.length - 5} more`);
  }
  if (report.skipped.length > 0) lines.push("", c.dim(`Skipped: ${report.skipped.map((skip) => `${skip.plugin} (${skip.reason})`).join("; ")}`));
  const { budget } = report;
  if (budget.stoppedBy !== undefined) lines.push(c.yellow(`Stopped by ${budget.stoppedBy === "max-cost" ? `--max-cost $${budget.maxCostUsd}` : `--max-attacks ${budget.maxAttacks}`}: the rest of the attack set did not run.`));
  if (report.evalRunId !== undefined) lines.push(c.dim(`Every attack: flywheel eval show ${report.evalRunId}`));
  return lines.join("\n");
}
