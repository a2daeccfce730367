import pc from "picocolors";
import type { Digest } from "../radar-types.js";
import { withoutControls } from "./without-controls.js";
import { describeChange, failureLine, recommendationLine, statsLine, utcTime, WATCH_COLUMNS, watchRows } from "./digest-lines.js";

/**
 * The digest for a terminal: one compact block per story (rank, title, reason, cited summary,
 * numbered sources), then model changes, model-watch results and failed sources. Colour only
 * when `color` is set (the CLI sets it on a TTY that allows colour).
 */
export function renderTerminal(untrusted: Digest, options: { color: boolean }): string {
  // Control characters go before colours are added, so the only escapes printed are ours.
  const digest = withoutControls(untrusted);
  const c = pc.createColors(options.color);
  const lines = [c.bold(`Radar digest ${utcTime(digest.createdAt)}`), c.dim(`since ${utcTime(digest.since)} · ${statsLine(digest)}`), ""];
  if (digest.entries.length === 0) lines.push(c.dim("Nothing new in this window."), "");
  digest.entries.forEach((entry, index) => {
    lines.push(`${c.bold(`${index + 1}.`)} ${c.bold(entry.title)}`, `   ${c.cyan(entry.reason)}`, `   ${entry.summary}`);
    for (const citation of entry.citations) lines.push(c.dim(`   [${citation.n}] ${citation.source}: ${citation.url}`));
    if (entry.sources.length > 1) lines.push(c.dim(`   covered by ${entry.sources.join(", ")}`));
    lines.push("");
  });
  if (digest.modelChanges.length > 0) {
    lines.push(c.bold("Model changes"));
    for (const change of digest.modelChanges) lines.push(`  ${describeChange(change)}`);
    lines.push("");
  }
  for (const result of digest.modelWatch) {
    lines.push(c.bold(`Model watch: ${recommendationLine(result)}`));
    const rows = watchRows(result);
    if (rows.length > 0) lines.push(...table([WATCH_COLUMNS, ...rows]).map((line, index) => (index === 0 ? c.dim(line) : line)));
    lines.push("");
  }
  if (digest.failures.length > 0) {
    lines.push(c.yellow(`${digest.failures.length} source${digest.failures.length === 1 ? "" : "s"} failed`));
    for (const failure of digest.failures) lines.push(c.dim(`  ${failureLine(failure)}`));
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}


function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()}`);
}
