// Experiments: A/B tests of prompt versions, models and parameters on live traffic, with
// sticky assignment and anytime-valid statistics.
export { UnknownExperimentError, MissingUnitError } from "./experiment-errors.js";
export type { ExperimentReport, VariantReport, MetricEstimate, Comparison, SrmCheck, GuardrailResult, ExperimentVerdict, IntervalPoint, MetricDirection } from "./experiment-types.js";
export { assignVariant } from "./assign-variant.js";
export { createExperimentAssigner, EXPERIMENT_STATE_TTL_MS } from "./experiment-assigner.js";
export type { ExperimentAssigner, ExperimentAssignment, AssignOptions } from "./experiment-assigner.js";
export { createExperimentHandle } from "./experiment-handle.js";
export type { Experiment, ExperimentRunOptions, ExperimentRunResult } from "./experiment-handle.js";
