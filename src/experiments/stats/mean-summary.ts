/** What the interval of a mean needs from a sample: its size, mean and variance estimate. */
export interface MeanSummary {
  n: number;
  mean: number;
  /** Variance of one observation; `Infinity` while it cannot be estimated (fewer than two values of an unbounded metric). */
  variance: number;
}

/**
 * Summarises values. For a metric bounded to 0..1 (rates, scores) the variance gets one extra
 * pseudo-observation at the largest variance such a metric can have (0.25), so that a handful of
 * identical outcomes never yields a zero-width interval; the effect fades as 1/n. An unbounded
 * metric (latency, cost) uses the ordinary sample variance and has none below two values.
 */
export function meanSummary(values: readonly number[], bounded: boolean): MeanSummary {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, variance: Number.POSITIVE_INFINITY };
  const mean = values.reduce((total, value) => total + value, 0) / n;
  const squares = values.reduce((total, value) => total + (value - mean) ** 2, 0);
  if (bounded) return { n, mean, variance: (squares + 0.25) / n };
  return { n, mean, variance: n < 2 ? Number.POSITIVE_INFINITY : squares / (n - 1) };
}
