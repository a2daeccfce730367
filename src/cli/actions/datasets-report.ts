import type { CleanStepReport, PiiCounts, SavedDatasetVersion } from "../../datasets/index.js";
import type { DatasetVersionRecord } from "../../store/index.js";
import type { Terminal } from "../output/terminal.js";
import { colors } from "../output/terminal.js";

/** `name@v: N rows (train a, validation b, test c)`. */
export function versionLine(version: DatasetVersionRecord): string {
  const { train, validation, test } = version.splits;
  return `${colors.bold(`${version.dataset}@${version.version}`)}: ${version.rowCount} rows (train ${train}, validation ${validation}, test ${test}), sha256 ${version.contentHash.slice(0, 12)}`;
}

/** One line per cleaning step. */
export function stepLine(step: CleanStepReport): string {
  const name = step.step.padEnd(14);
  if (step.step === "pii-scrub") {
    const replaced = step.details.replaced as PiiCounts;
    const kinds = Object.entries(replaced)
      .filter(([, count]) => count > 0)
      .map(([kind, count]) => `${count} ${kind}`);
    return `  ${name}${step.details.rowsChanged as number} rows changed${kinds.length > 0 ? `: ${kinds.join(", ")}` : ""}`;
  }
  const extra = step.step === "near-dedupe" ? ` (threshold ${String(step.details.threshold)})` : step.step === "context-limit" ? ` (max ${String(step.details.maxTokens)} tokens)` : "";
  return `  ${name}removed ${step.removed}${extra}, ${step.remaining} left`;
}

/** Prints a saved version and what cleaning did, or JSON. */
export function printSaved(terminal: Terminal, saved: SavedDatasetVersion, options: { json?: boolean; extra?: Record<string, unknown>; lines?: string[] }): void {
  if (options.json === true) {
    terminal.line(JSON.stringify({ ...saved, ...options.extra }, null, 2));
    return;
  }
  terminal.line(saved.unchanged ? `${versionLine(saved.version)} ${colors.dim("(unchanged: same rows as the latest version)")}` : versionLine(saved.version));
  for (const line of options.lines ?? []) terminal.line(line);
  for (const step of saved.steps) terminal.line(stepLine(step));
}
