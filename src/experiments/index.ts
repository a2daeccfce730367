// Experiments: A/B tests of prompt versions, models and parameters on live traffic, with
// sticky assignment and anytime-valid statistics.
export { UnknownExperimentError, MissingUnitError } from "./experiment-errors.js";
export type { ExperimentReport, VariantReport, MetricEstimate, Comparison, SrmCheck, GuardrailResult, ExperimentVerdict, IntervalPoint, MetricDirection } from "./experiment-types.js";
export { buildExperimentReport } from "./build-experiment-report.js";
export { variantShares } from "./variant-shares.js";
