import { mean, quantileOfSorted } from "./quantile.js";

/** An estimate with a confidence interval. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Options for the bootstrap functions. */
export interface BootstrapOptions {
  /** Resamples drawn (default 2000). */
  resamples?: number;
  /** Coverage of the interval (default 0.95). */
  confidence?: number;
  /** Uniform [0, 1) source; pass a seeded one for reproducible intervals. */
  random: () => number;
}

/**
 * Percentile bootstrap confidence interval of the mean: resample the values with
 * replacement, take each resample's mean, and read the interval off their quantiles.
 * One value gives a zero-width interval; none gives NaN.
 */
export function bootstrapMeanInterval(values: readonly number[], options: BootstrapOptions): Interval {
  const estimate = mean(values);
  if (values.length <= 1) return { estimate, low: estimate, high: estimate };
  const means = resampledMeans(values, options.resamples ?? 2000, options.random);
  const alpha = 1 - (options.confidence ?? 0.95);
  return { estimate, low: quantileOfSorted(means, alpha / 2), high: quantileOfSorted(means, 1 - alpha / 2) };
}

/** Means of `count` resamples (with replacement) of the values, sorted ascending. */
export function resampledMeans(values: readonly number[], count: number, random: () => number): number[] {
  const n = values.length;
  const means = new Array<number>(count);
  for (let resample = 0; resample < count; resample += 1) {
    let sum = 0;
    for (let draw = 0; draw < n; draw += 1) sum += values[Math.floor(random() * n)]!;
    means[resample] = sum / n;
  }
  return means.sort((a, b) => a - b);
}
