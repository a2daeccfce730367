// Experiments: A/B tests of prompt versions, models and parameters on live traffic, with
// sticky assignment and anytime-valid statistics.
export { UnknownExperimentError, MissingUnitError, UnknownVariantError } from "./experiment-errors.js";
export type { ExperimentReport, VariantReport, MetricEstimate, Comparison, SrmCheck, GuardrailResult, ExperimentVerdict, IntervalPoint, MetricDirection } from "./experiment-types.js";
export { buildExperimentReport } from "./build-experiment-report.js";
export { experimentReportOf } from "./experiment-report-of.js";
export { experimentConfigOf } from "./experiment-config-of.js";
export { listExperiments } from "./list-experiments.js";
export type { ExperimentListing } from "./list-experiments.js";
export { shipExperiment, stopExperiment } from "./ship-experiment.js";
export { variantShares } from "./variant-shares.js";
export { experimentReportMarkdown, formatP, srmLine, verdictTitle } from "./experiment-report-markdown.js";
export { formatMetricValue, formatInterval } from "./format-metric-value.js";
export { assignVariant } from "./assign-variant.js";
export { createExperimentAssigner, EXPERIMENT_STATE_TTL_MS } from "./experiment-assigner.js";
export type { ExperimentAssigner, ExperimentAssignment, AssignOptions } from "./experiment-assigner.js";
export { createExperimentHandle } from "./experiment-handle.js";
export type { Experiment, ExperimentRunOptions, ExperimentRunResult } from "./experiment-handle.js";
