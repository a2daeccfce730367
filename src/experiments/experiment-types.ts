import type { ExperimentState } from "../store/index.js";

/** Whether more of a metric is better (feedback, check pass rates) or worse (latency, cost, errors). */
export type MetricDirection = "higher" | "lower";

/** A metric's estimate in one variant, with its anytime-valid interval. */
export interface MetricEstimate {
  /** Samples with a value for the metric (e.g. calls with feedback, for `feedback`). */
  n: number;
  mean: number;
  /** Anytime-valid confidence interval at the experiment's alpha. */
  low: number;
  high: number;
}

/** One variant's numbers. */
export interface VariantReport {
  name: string;
  /** The first variant declared: what the others are compared with. */
  control: boolean;
  /** Its share of units, 0..1. */
  weight: number;
  /** Calls assigned to it. */
  calls: number;
  /** Distinct units assigned to it. */
  units: number;
  /** The primary metric. */
  metric: MetricEstimate;
  /** Each guardrail metric, by metric name. */
  guardrails: Record<string, MetricEstimate>;
}

/** A variant against the control on one metric: difference (variant − control) with its anytime-valid interval. */
export interface Comparison {
  variant: string;
  metric: string;
  /** Samples with a value for the metric in the variant and the control together. */
  n: number;
  difference: number;
  low: number;
  high: number;
  /** Anytime-valid p-value (mSPRT): stays valid however often the report is looked at. */
  pValue: number;
  /** The interval excludes 0. */
  significant: boolean;
}

/** Sample-ratio-mismatch check: do the units split as the weights say? */
export interface SrmCheck {
  /** Units seen per variant. */
  observed: Record<string, number>;
  /** Units expected per variant from the weights. */
  expected: Record<string, number>;
  /** Chi-square goodness-of-fit p-value. */
  pValue: number;
  /** True when the split is off (p below the threshold): the assignment or the logging is broken and the results are not to be trusted. */
  mismatch: boolean;
}

/** One guardrail on one variant. */
export interface GuardrailResult {
  variant: string;
  metric: string;
  maxWorse: number;
  comparison: Comparison;
  /** `harm`: the variant is worse by more than `maxWorse` with confidence; `ok`: it is not worse by more than that with confidence; else `inconclusive`. */
  status: "ok" | "harm" | "inconclusive";
}

/** What the report says to do. */
export type ExperimentVerdict =
  | { kind: "ship"; variant: string; reason: string }
  | { kind: "keep-running"; reason: string }
  | { kind: "stop-for-harm"; variant: string; reason: string }
  | { kind: "check-assignment"; reason: string };

/** The primary comparison at one moment: the points of the chart whose interval narrows over time. */
export interface IntervalPoint {
  /** Epoch ms. */
  time: number;
  variant: string;
  /** Samples in both arms so far. */
  n: number;
  difference: number;
  low: number;
  high: number;
}

/** `flywheel experiments report`: everything known about an experiment now. */
export interface ExperimentReport {
  name: string;
  description?: string;
  /** From the store; `running` for one that has not been shipped or stopped. */
  state: ExperimentState;
  unit: "user" | "session" | "request";
  metric: string;
  direction: MetricDirection;
  alpha: number;
  minSamples: number;
  variants: VariantReport[];
  /** Each non-control variant against the control on the primary metric. */
  comparisons: Comparison[];
  srm: SrmCheck;
  guardrails: GuardrailResult[];
  verdict: ExperimentVerdict;
  /** The primary comparison over time, oldest first. */
  history: IntervalPoint[];
  /** Epoch ms of the newest sample. */
  updatedAt: number | null;
}
