import type { ExperimentReport } from "./experiment-types.js";
import { formatInterval, formatMetricValue } from "./format-metric-value.js";

/** The report as Markdown: a summary line, the variants table, the comparisons, SRM, guardrails and the verdict. */
export function experimentReportMarkdown(report: ExperimentReport): string {
  const confidence = `${Math.round((1 - report.alpha) * 100)}%`;
  const lines = [`# Experiment ${report.name}`, ""];
  if (report.description !== undefined) lines.push(report.description, "");
  lines.push(
    `Status: **${report.state.status}**${report.state.winner === null ? "" : ` (winner: ${report.state.winner})`} · unit: ${report.unit} · metric: ${report.metric} (${report.direction} is better) · ${confidence} anytime-valid intervals`,
    "",
    `| Variant | Calls | Units | n | ${report.metric} | ${confidence} interval |`,
    "| --- | ---: | ---: | ---: | ---: | --- |",
    ...report.variants.map(
      (variant) =>
        `| ${variant.name}${variant.control ? " (control)" : ""} | ${variant.calls} | ${variant.units} | ${variant.metric.n} | ${formatMetricValue(report.metric, variant.metric.mean)} | ${formatInterval(report.metric, variant.metric.low, variant.metric.high)} |`,
    ),
    "",
    "| Comparison | Difference | Interval | p (always valid) |",
    "| --- | ---: | --- | ---: |",
    ...report.comparisons.map(
      (comparison) =>
        `| ${comparison.variant} − control | ${formatMetricValue(comparison.metric, comparison.difference, true)} | ${formatInterval(comparison.metric, comparison.low, comparison.high, true)} | ${formatP(comparison.pValue)} |`,
    ),
    "",
    `Sample ratio: ${srmLine(report)}`,
    "",
  );
  if (report.guardrails.length > 0) {
    lines.push("| Guardrail | Variant | Difference | Interval | Limit | Status |", "| --- | --- | ---: | --- | ---: | --- |");
    for (const guardrail of report.guardrails) {
      const { comparison } = guardrail;
      lines.push(
        `| ${guardrail.metric} | ${guardrail.variant} | ${formatMetricValue(guardrail.metric, comparison.difference, true)} | ${formatInterval(guardrail.metric, comparison.low, comparison.high, true)} | ${formatMetricValue(guardrail.metric, guardrail.maxWorse)} worse | ${guardrail.status} |`,
      );
    }
    lines.push("");
  }
  lines.push(`**Verdict: ${verdictTitle(report)}**: ${report.verdict.reason}.`, "");
  return lines.join("\n");
}

/** A p-value for people: three significant digits, `< 0.001` below that. */
export function formatP(value: number): string {
  return value < 0.001 ? "< 0.001" : value.toPrecision(3);
}

/** The SRM check in one line: units per variant against the weights, and whether they match. */
export function srmLine(report: ExperimentReport): string {
  const counts = report.variants.map((variant) => `${variant.name} ${report.srm.observed[variant.name]} (expected ${Math.round(report.srm.expected[variant.name])})`).join(", ");
  return `${counts}; p = ${formatP(report.srm.pValue)}, ${report.srm.mismatch ? "MISMATCH: assignment or logging is broken" : "ok"}`;
}

/** The verdict's headline: `ship b`, `keep running`, `stop for harm (b)`, `check assignment`. */
export function verdictTitle(report: ExperimentReport): string {
  const { verdict } = report;
  if (verdict.kind === "ship") return `ship ${verdict.variant}`;
  if (verdict.kind === "stop-for-harm") return `stop for harm (${verdict.variant})`;
  return verdict.kind.replace("-", " ");
}
