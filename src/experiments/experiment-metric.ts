import type { ExperimentSample } from "../store/index.js";
import type { MetricDirection } from "./experiment-types.js";

/** How a metric is read from an experiment's samples. */
export interface ExperimentMetric {
  name: string;
  direction: MetricDirection;
  /** Values lie in 0..1 (rates and scores). */
  bounded: boolean;
  /** The sample's value, or null when it has none (no feedback yet, the check did not run). */
  value(sample: ExperimentSample): number | null;
}

/**
 * A metric by its config name. The unit of analysis is the call: every sample counts once,
 * and the correlation between calls of the same user is ignored (intervals are somewhat too
 * narrow when a few heavy users dominate a variant).
 *   feedback: the latest feedback score (0..1), calls with feedback; higher is better.
 *   check:<name>: 1 when the check passed, 0 when it failed, calls it ran on; higher is better.
 *   latency: the call's duration in ms; cost: its cost in USD; errors: 1 when it failed. Lower is better.
 */
export function experimentMetric(name: string): ExperimentMetric {
  if (name === "feedback") return { name, direction: "higher", bounded: true, value: (sample) => sample.feedback };
  if (name === "latency") return { name, direction: "lower", bounded: false, value: (sample) => sample.latencyMs };
  if (name === "cost") return { name, direction: "lower", bounded: false, value: (sample) => sample.costUsd };
  if (name === "errors") return { name, direction: "lower", bounded: true, value: (sample) => (sample.error ? 1 : 0) };
  const check = name.slice("check:".length);
  return {
    name,
    direction: "higher",
    bounded: true,
    value: (sample) => {
      const passed = sample.checks[check];
      return passed === undefined ? null : passed ? 1 : 0;
    },
  };
}
