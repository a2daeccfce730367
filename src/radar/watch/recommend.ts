import type { WatchRecommendation, WatchSuiteResult } from "../radar-types.js";

/** How far below the baseline (pass-rate points) a candidate's interval may reach and still count as no worse. */
export const NO_WORSE_MARGIN = 0.05;

/** How much faster (share of the baseline's mean latency) a candidate must be to count as faster. */
const FASTER_BY = 0.1;

/**
 * Reads a recommendation off the paired comparisons of a candidate with the model in use:
 * - `keep` when, on any suite, the interval of the difference (candidate − baseline) lies wholly below 0;
 * - `switch` when on every suite the interval's low end is above −5 pp (no worse by more than the
 *   margin) and either some suite's low end is above 0 (better), or the candidate is cheaper per
 *   request on every suite (both costs known) or at least 10% faster on every suite;
 * - `not enough evidence` otherwise, and when no suite was compared.
 */
export function recommend(suites: readonly WatchSuiteResult[]): WatchRecommendation {
  if (suites.length === 0) return "not enough evidence";
  if (suites.some((suite) => suite.difference.high < 0)) return "keep";
  if (!suites.every((suite) => suite.difference.low > -NO_WORSE_MARGIN)) return "not enough evidence";
  const better = suites.some((suite) => suite.difference.low > 0);
  const cheaper = suites.every(({ baseline, candidate }) => baseline.costPerRequestUsd !== undefined && candidate.costPerRequestUsd !== undefined && candidate.costPerRequestUsd < baseline.costPerRequestUsd);
  const faster = suites.every(({ baseline, candidate }) => baseline.latencyMs !== undefined && candidate.latencyMs !== undefined && candidate.latencyMs < baseline.latencyMs * (1 - FASTER_BY));
  return better || cheaper || faster ? "switch" : "not enough evidence";
}
