import type { SrmCheck } from "../experiment-types.js";
import { chiSquareSurvival } from "./chi-square-survival.js";

/** The p-value below which a split is flagged as a sample ratio mismatch (the usual threshold: a real mismatch is a bug, so false alarms must be rare). */
export const SRM_THRESHOLD = 0.001;

/**
 * Chi-square goodness-of-fit test of the units seen per variant against the shares the weights
 * promise. `weights` are shares summing to 1, in variant order.
 */
export function sampleRatioMismatch(observed: Record<string, number>, weights: Record<string, number>): SrmCheck {
  const total = Object.values(observed).reduce((sum, count) => sum + count, 0);
  const expected: Record<string, number> = {};
  let statistic = 0;
  for (const [variant, weight] of Object.entries(weights)) {
    expected[variant] = total * weight;
    if (expected[variant] > 0) statistic += ((observed[variant] ?? 0) - expected[variant]) ** 2 / expected[variant];
  }
  const pValue = total === 0 ? 1 : chiSquareSurvival(statistic, Object.keys(weights).length - 1);
  return { observed, expected, pValue, mismatch: pValue < SRM_THRESHOLD };
}
