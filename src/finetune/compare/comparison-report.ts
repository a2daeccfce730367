import type { ComparedModel, PairedVerdict } from "../../evals/index.js";

/** How one model did on the compared cases. */
export type ModelSide = ComparedModel;

/** `better`, `no detectable difference` or `worse`, read off the paired interval and test. */
export type Verdict = PairedVerdict;

/** One suite's comparison of tuned against base on the same cases. */
export interface SuiteComparison {
  /** `test split of <dataset>@<v>` or the suite file. */
  suite: string;
  evalRunId: string;
  cases: number;
  base: ModelSide;
  tuned: ModelSide;
  /** Tuned minus base, per-case scores: the paired bootstrap's estimate, interval and p-value. */
  difference: { estimate: number; low: number; high: number; pValue: number; confidence: number };
  /** McNemar's test on paired pass/fail (tunedOnly: cases only the tuned model passed). */
  passFail: { tunedOnly: number; baseOnly: number; pValue: number; method: string };
  verdict: Verdict;
}

/** The whole comparison of a fine-tuning job's tuned model with its base. */
export interface ComparisonReport {
  jobId?: string;
  baseModel: string;
  tunedModel: string;
  dataset?: string;
  createdAt: string;
  /** The dataset's test split first, then any extra suites. */
  suites: SuiteComparison[];
  /** The verdict of the first suite (the test split). */
  verdict: Verdict;
}

/** Formats a signed share as percentage points: `+42.0 pp`. */
export function percentagePoints(value: number): string {
  return `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)} pp`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function pValue(value: number): string {
  return value < 0.001 ? "<0.001" : value.toFixed(3);
}

function latency(value: number | undefined): string {
  return value === undefined ? "-" : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function cost(value: number | undefined): string {
  return value === undefined ? "-" : `$${value.toFixed(6)}`;
}

/** The report as terminal lines. */
export function comparisonToText(report: ComparisonReport): string {
  const lines: string[] = [`${report.tunedModel} vs ${report.baseModel}${report.jobId === undefined ? "" : ` (job ${report.jobId.slice(0, 8)})`}`];
  for (const suite of report.suites) {
    lines.push(`  ${suite.suite}: ${suite.cases} cases`);
    for (const side of [suite.base, suite.tuned]) {
      lines.push(
        `    ${side === suite.base ? "base " : "tuned"} ${side.model.padEnd(28)} pass ${percent(side.passRate.estimate)} [${percent(side.passRate.low)}, ${percent(side.passRate.high)}]  latency ${latency(side.latencyMs)}  cost/request ${cost(side.costPerRequestUsd)}`,
      );
    }
    const d = suite.difference;
    lines.push(`    difference ${percentagePoints(d.estimate)}, ${Math.round(d.confidence * 100)}% CI [${percentagePoints(d.low)}, ${percentagePoints(d.high)}], p = ${pValue(d.pValue)} (paired bootstrap)`);
    lines.push(`    pass/fail: ${suite.passFail.tunedOnly} cases only tuned passed, ${suite.passFail.baseOnly} only base; McNemar p = ${pValue(suite.passFail.pValue)} (${suite.passFail.method})`);
    lines.push(`    verdict: ${suite.verdict}`);
  }
  return lines.join("\n");
}

/** The report as markdown. */
export function comparisonToMarkdown(report: ComparisonReport): string {
  const lines = [`# ${report.tunedModel} vs ${report.baseModel}`, ""];
  if (report.jobId !== undefined) lines.push(`Fine-tuning job \`${report.jobId}\`${report.dataset === undefined ? "" : ` on \`${report.dataset}\``}.`, "");
  lines.push(`**Verdict: ${report.verdict}.**`, "");
  for (const suite of report.suites) {
    const d = suite.difference;
    lines.push(`## ${suite.suite} (${suite.cases} cases)`, "");
    lines.push("| model | pass rate | 95% interval | latency / request | cost / request |", "| --- | --- | --- | --- | --- |");
    for (const [name, side] of [["base", suite.base], ["tuned", suite.tuned]] as const) {
      lines.push(`| ${name}: \`${side.model}\` | ${percent(side.passRate.estimate)} | ${percent(side.passRate.low)} – ${percent(side.passRate.high)} | ${latency(side.latencyMs)} | ${cost(side.costPerRequestUsd)} |`);
    }
    lines.push("");
    lines.push(`- Difference (tuned − base): **${percentagePoints(d.estimate)}**, ${Math.round(d.confidence * 100)}% CI [${percentagePoints(d.low)}, ${percentagePoints(d.high)}], paired bootstrap p = ${pValue(d.pValue)}.`);
    lines.push(`- Pass/fail: ${suite.passFail.tunedOnly} cases passed only by the tuned model, ${suite.passFail.baseOnly} only by the base; McNemar p = ${pValue(suite.passFail.pValue)} (${suite.passFail.method}).`);
    lines.push(`- Verdict: **${suite.verdict}**. Eval run \`${suite.evalRunId}\`.`, "");
  }
  return lines.join("\n");
}
