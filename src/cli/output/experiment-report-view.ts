import { formatInterval, formatMetricValue, formatP, srmLine, verdictTitle, type ExperimentReport } from "../../experiments/index.js";
import { renderTable } from "./format.js";
import { colors } from "./terminal.js";

/** The report for the terminal: variants table, differences with their anytime-valid intervals, SRM, guardrails, verdict. */
export function experimentReportView(report: ExperimentReport): string {
  const confidence = `${Math.round((1 - report.alpha) * 100)}%`;
  const status = report.state.status === "running" ? "running" : `${report.state.status}${report.state.winner === null ? "" : ` (winner: ${report.state.winner})`}`;
  const lines = [
    `${colors.bold(`experiment ${report.name}`)}  ${status} · unit ${report.unit} · metric ${report.metric} (${report.direction} is better) · ${confidence} anytime-valid intervals`,
  ];
  if (report.description !== undefined) lines.push(colors.dim(report.description));
  lines.push(
    "",
    renderTable(
      ["variant", "calls", "units", "n", report.metric, "interval"],
      report.variants.map((variant) => [
        `${variant.name}${variant.control ? " (control)" : ""}`,
        String(variant.calls),
        String(variant.units),
        String(variant.metric.n),
        formatMetricValue(report.metric, variant.metric.mean),
        formatInterval(report.metric, variant.metric.low, variant.metric.high),
      ]),
    ),
    "",
    renderTable(
      ["vs control", "difference", "interval", "p (always valid)"],
      report.comparisons.map((comparison) => [
        comparison.variant,
        formatMetricValue(comparison.metric, comparison.difference, true),
        formatInterval(comparison.metric, comparison.low, comparison.high, true),
        formatP(comparison.pValue),
      ]),
    ),
    "",
    `sample ratio: ${report.srm.mismatch ? colors.red(srmLine(report)) : srmLine(report)}`,
  );
  for (const guardrail of report.guardrails) {
    const { comparison } = guardrail;
    const status = guardrail.status === "harm" ? colors.red("HARM") : guardrail.status;
    lines.push(
      `guardrail ${guardrail.metric} on ${guardrail.variant}: ${formatMetricValue(guardrail.metric, comparison.difference, true)} ${formatInterval(guardrail.metric, comparison.low, comparison.high, true)}, limit ${formatMetricValue(guardrail.metric, guardrail.maxWorse)} worse: ${status}`,
    );
  }
  const title = report.verdict.kind === "ship" ? colors.green(verdictTitle(report)) : report.verdict.kind === "keep-running" ? verdictTitle(report) : colors.red(verdictTitle(report));
  lines.push("", `verdict: ${colors.bold(title)}: ${report.verdict.reason}`);
  return lines.join("\n");
}
