import type { BootstrapOptions, Interval } from "./bootstrap-interval.js";
import { resampledMeans } from "./bootstrap-interval.js";
import { mean, quantileOfSorted } from "./quantile.js";

/** The paired bootstrap's answer: the mean difference with its interval, and a two-sided p-value. */
export interface PairedBootstrapResult extends Interval {
  /** Probability of a mean difference at least this large if the true difference were 0. */
  pValue: number;
}

/**
 * Paired bootstrap on per-test differences (A - B): the interval comes from resampling
 * the differences; the p-value from resampling them shifted to mean 0 (the null
 * hypothesis) and counting resampled means at least as far from 0 as the observed one,
 * with the +1 correction so it is never exactly 0.
 */
export function pairedBootstrap(differences: readonly number[], options: BootstrapOptions): PairedBootstrapResult {
  const observed = mean(differences);
  if (differences.length === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN, pValue: Number.NaN };
  if (differences.every((difference) => difference === differences[0])) {
    return { estimate: observed, low: observed, high: observed, pValue: observed === 0 ? 1 : 0 };
  }
  const resamples = options.resamples ?? 2000;
  const alpha = 1 - (options.confidence ?? 0.95);
  const means = resampledMeans(differences, resamples, options.random);
  const centred = differences.map((difference) => difference - observed);
  const nullMeans = resampledMeans(centred, resamples, options.random);
  const extreme = nullMeans.filter((value) => Math.abs(value) >= Math.abs(observed) - 1e-12).length;
  return {
    estimate: observed,
    low: quantileOfSorted(means, alpha / 2),
    high: quantileOfSorted(means, 1 - alpha / 2),
    pValue: (extreme + 1) / (resamples + 1),
  };
}
