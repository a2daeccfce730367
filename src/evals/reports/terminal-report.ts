import pc from "picocolors";
import type { CellResult } from "../runner/cell-result.js";
import type { EvalRun } from "../runner/eval-run.js";
import { formatInterval, formatP, formatPercentInterval, graderNote, testName } from "./report-format.js";

/** Options for `renderTerminalReport`. */
export interface TerminalReportOptions {
  /** Colour the output (default: picocolors' own detection, which honours NO_COLOR). */
  color?: boolean;
  /** Most test rows in the matrix (default 50; the rest are summarised). */
  maxRows?: number;
  /** Most failures listed (default 15; the rest are counted). */
  maxFailures?: number;
  /** A report file already written with every cell: what the matrix and failure list leave out is pointed there (default: suggests `flywheel eval show <run> -o report.html`). */
  fullReport?: string;
}

/** The matrix (tests x variants) and the statistics, as text for a terminal. */
export function renderTerminalReport(run: EvalRun, options: TerminalReportOptions = {}): string {
  const c = pc.createColors(options.color ?? pc.isColorSupported);
  const seeMore = `see ${options.fullReport ?? `\`flywheel eval show ${run.runId.slice(0, 8)} -o report.html\``}`;
  const lines: string[] = [];
  lines.push(c.bold(`eval ${run.runId}${run.name === undefined ? "" : `  ${run.name}`}`) + `  ${statusWord(run, c)}`);
  lines.push(...matrix(run, c, options.maxRows ?? 50, seeMore));
  lines.push("", c.bold("variants") + c.dim(`  (95% bootstrap intervals over tests, seed ${run.statistics.seed})`));
  lines.push(...table(
    ["variant", "pass rate", "mean score", "pass/fail/error", "latency", "cost"],
    run.statistics.variants.map((variant) => [
      variant.label,
      formatPercentInterval(variant.passRate),
      formatInterval(variant.meanScore),
      `${variant.passed}/${variant.failed}/${variant.errors}`,
      variant.meanLatencyMs === undefined ? "-" : `${Math.round(variant.meanLatencyMs)} ms`,
      variant.totalCostUsd === undefined ? "-" : variant.totalCostUsd === 0 ? "$0" : `$${variant.totalCostUsd.toPrecision(2)}`,
    ]),
  ));
  const named = run.statistics.variants.map((variant) => ({ label: variant.label, metrics: Object.entries({ ...variant.namedScores, ...variant.derivedMetrics }) })).filter((variant) => variant.metrics.length > 0);
  if (named.length > 0) {
    lines.push("", c.bold("named metrics") + c.dim("  (totals over each variant's cells, score × weight; then derived metrics)"));
    for (const variant of named) lines.push(`${variant.label}: ${variant.metrics.map(([name, total]) => `${name} ${Number(total.toFixed(4))}`).join(", ")}`);
  }
  if (run.statistics.comparisons.length > 0) {
    lines.push("", c.bold("paired comparisons") + c.dim("  (score: paired bootstrap; pass/fail: McNemar; Holm-adjusted)"));
    for (const comparison of run.statistics.comparisons) {
      const difference = comparison.scoreDifference;
      const mark = comparison.significant.score || comparison.significant.passFail ? c.yellow("◆") : c.dim("·");
      lines.push(`${mark} ${comparison.labelA} vs ${comparison.labelB}: score Δ ${signed(difference.estimate)} [${signed(difference.low)}, ${signed(difference.high)}] ${formatP(comparison.adjusted.score)}; pass/fail ${comparison.passFail.aOnly}:${comparison.passFail.bOnly} ${formatP(comparison.adjusted.passFail)} → ${comparison.verdict}`);
    }
  }
  if (run.statistics.flaky.length > 0) {
    lines.push("", c.bold(`flaky (${run.statistics.flaky.length})`) + c.dim("  repeats disagreed"));
    for (const flaky of run.statistics.flaky.slice(0, 20)) {
      lines.push(`  ${testName(run, flaky.testIndex)} on ${run.suite.variants[flaky.variantIndex]?.label ?? flaky.variantIndex}: passed ${flaky.passes} of ${flaky.repeats}`);
    }
  }
  const failures = run.cells.filter((cell) => cell.status !== "pass");
  if (failures.length > 0) {
    lines.push("", c.bold(`failures (${failures.length})`));
    const maxFailures = options.maxFailures ?? 15;
    for (const cell of failures.slice(0, maxFailures)) {
      const variant = run.suite.variants[cell.variantIndex]?.label ?? String(cell.variantIndex);
      lines.push(`  ${cell.status === "error" ? c.red("error") : c.red("fail")} ${testName(run, cell.testIndex, 40)} · ${variant}: ${oneLine(cell.reason, 140)}${cell.traceId === undefined ? "" : c.dim(` (trace ${cell.traceId.slice(0, 12)})`)}`);
    }
    if (failures.length > maxFailures) lines.push(c.dim(`  … and ${failures.length - maxFailures} more (${seeMore})`));
  }
  const note = graderNote(run);
  if (note !== undefined) lines.push("", c.yellow(`note: ${note}`));
  const { totals } = run.statistics;
  lines.push("", `${c.green(`${totals.passed} passed`)}, ${totals.failed > 0 ? c.red(`${totals.failed} failed`) : `${totals.failed} failed`}, ${totals.errors > 0 ? c.red(`${totals.errors} errors`) : `${totals.errors} errors`} (${totals.cells} cells)`);
  return lines.join("\n");
}

type Colors = ReturnType<typeof pc.createColors>;

const ansiPattern = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function matrix(run: EvalRun, c: Colors, maxRows: number, seeMore: string): string[] {
  const variants = run.suite.variants;
  const byKey = new Map<string, CellResult[]>();
  for (const cell of run.cells) {
    const key = `${cell.testIndex}:${cell.variantIndex}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [cell]);
    else list.push(cell);
  }
  const tests = run.suite.tests.slice(0, maxRows);
  const rows = tests.map((test) => [
    `${test.index + 1}. ${testName(run, test.index, 40)}`,
    ...variants.map((variant) => cellText(byKey.get(`${test.index}:${variant.index}`), c)),
  ]);
  const output = table(["test", ...variants.map((variant) => variant.label)], rows);
  if (run.suite.tests.length > maxRows) output.push(c.dim(`… ${run.suite.tests.length - maxRows} more tests (${seeMore})`));
  return output;
}

function cellText(cells: CellResult[] | undefined, c: Colors): string {
  if (cells === undefined || cells.length === 0) return c.dim("-");
  const score = (cells.reduce((sum, cell) => sum + cell.score, 0) / cells.length).toFixed(2);
  if (cells.length > 1) {
    const passes = cells.filter((cell) => cell.pass).length;
    const text = `${passes}/${cells.length} ${score}`;
    return passes === cells.length ? c.green(text) : passes === 0 ? c.red(text) : c.yellow(text);
  }
  const cell = cells[0]!;
  if (cell.status === "error") return c.red("! error");
  return cell.pass ? c.green(`✓ ${score}`) : c.red(`✗ ${score}`);
}

function table(header: string[], rows: string[][]): string[] {
  const visible = (text: string) => text.replace(ansiPattern, "").length;
  const widths = header.map((cell, index) => Math.min(48, Math.max(visible(cell), ...rows.map((row) => visible(row[index] ?? "")))));
  const render = (cells: string[]) => cells.map((cell, index) => (index === cells.length - 1 ? cell : cell + " ".repeat(Math.max(0, widths[index]! - visible(cell))))).join("  ").trimEnd();
  return [render(header.map((cell) => cell)), ...rows.map(render)];
}

function statusWord(run: EvalRun, c: Colors): string {
  if (run.status === "cancelled") return c.yellow("cancelled (resume with the same command)");
  if (run.status === "stopped") {
    const notRun = run.suite.tests.length * run.suite.variants.length * run.suite.repeat - run.cells.length;
    return c.yellow(`stopped by its budget: ${notRun} cells not run (resume with a larger budget)`);
  }
  if (run.status === "running") return c.yellow("running");
  return c.dim(new Date(run.createdAt).toISOString().replace("T", " ").slice(0, 19));
}

function signed(value: number): string {
  if (Number.isNaN(value)) return "-";
  return `${value >= 0 ? "+" : ""}${value.toFixed(2)}`;
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
