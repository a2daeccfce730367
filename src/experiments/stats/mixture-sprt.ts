import type { MeanSummary } from "./mean-summary.js";

/** An estimate with its anytime-valid interval and always-valid p-value (of "the true value is 0"). */
export interface SequentialEstimate {
  estimate: number;
  low: number;
  high: number;
  pValue: number;
}

/**
 * The ratio r = τ²/V at which a normal-mixture confidence sequence is narrowest: the root of
 * r = 2·ln(1/α) + ln(1 + r) (about 8.2 at α = 0.05). The mixture variance τ² is set to r times the
 * estimate's variance at the planned sample size, so the interval is tightest where the
 * experiment is meant to be read (Howard et al. 2021, section 3.5).
 */
export function optimalMixtureRatio(alpha: number): number {
  let ratio = 2 * Math.log(1 / alpha);
  for (let step = 0; step < 50; step += 1) ratio = 2 * Math.log(1 / alpha) + Math.log(1 + ratio);
  return ratio;
}

/**
 * Mixture sequential probability ratio test (Johari et al. 2017; Robbins' normal mixture) for
 * an estimate that is approximately normal with variance `variance` around the true value θ.
 * Mixing the likelihood ratio of θ against 0 over θ ~ N(0, τ²) gives
 *   Λ = √(V/(V+τ²)) · exp(τ²·x² / (2V(V+τ²))),
 * a martingale under θ = 0, so by Ville's inequality P(Λ ever ≥ 1/α) ≤ α however often it is
 * looked at. The always-valid p-value is min(1, 1/Λ) and the confidence sequence is the set of θ
 * that the same test does not reject: x ± √(V(V+τ²)/τ² · (2·ln(1/α) + ln((V+τ²)/V))).
 * With the variance unknown, the normal approximation uses its estimate from the data (as
 * Optimizely's and Eppo's sequential tests do).
 */
export function mixtureSprt(estimate: number, variance: number, tauSquared: number, alpha: number): SequentialEstimate {
  if (!Number.isFinite(variance) || !Number.isFinite(estimate)) {
    return { estimate, low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY, pValue: 1 };
  }
  const total = variance + tauSquared;
  const logRatio = 0.5 * Math.log(variance / total) + (tauSquared * estimate * estimate) / (2 * variance * total);
  const halfWidth = Math.sqrt(((variance * total) / tauSquared) * (2 * Math.log(1 / alpha) + Math.log(total / variance)));
  return { estimate, low: estimate - halfWidth, high: estimate + halfWidth, pValue: Math.min(1, Math.exp(-logRatio)) };
}

/**
 * Anytime-valid interval for one arm's mean. The p-value is of "the mean is 0" and is not used;
 * τ² = r·σ²/`plannedN`.
 */
export function meanSequence(summary: MeanSummary, alpha: number, plannedN: number): SequentialEstimate {
  const variance = summary.variance / summary.n;
  return mixtureSprt(summary.mean, variance, (optimalMixtureRatio(alpha) * summary.variance) / plannedN, alpha);
}

/**
 * Anytime-valid interval and p-value for the difference of means `treatment − control`, with
 * V = s²_t/n_t + s²_c/n_c and τ² = r · s²_pooled · 2/`plannedN` (tightest when each arm has
 * `plannedN` samples).
 */
export function differenceSequence(control: MeanSummary, treatment: MeanSummary, alpha: number, plannedN: number): SequentialEstimate {
  if (control.n === 0 || treatment.n === 0) return mixtureSprt(Number.NaN, Number.POSITIVE_INFINITY, 1, alpha);
  const variance = control.variance / control.n + treatment.variance / treatment.n;
  const pooled = (control.variance * control.n + treatment.variance * treatment.n) / (control.n + treatment.n);
  return mixtureSprt(treatment.mean - control.mean, variance, (optimalMixtureRatio(alpha) * pooled * 2) / plannedN, alpha);
}
