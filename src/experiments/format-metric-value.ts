/**
 * A metric value for people: latency in ms, cost in USD, scores and rates with three decimals.
 * `signed` puts a + on positive differences; a value that cannot be estimated yet prints as `?`.
 */
export function formatMetricValue(metric: string, value: number | null, signed = false): string {
  if (value === null || !Number.isFinite(value)) return "?";
  const sign = signed && value > 0 ? "+" : "";
  if (metric === "latency") return `${sign}${value.toFixed(value !== 0 && Math.abs(value) < 10 ? 1 : 0)} ms`;
  if (metric === "cost") return `${sign}$${value === 0 ? "0" : value.toPrecision(3)}`;
  return `${sign}${value.toFixed(3)}`;
}

/** An interval as `[low, high]`, or `(not enough data)` while either end is unknown. */
export function formatInterval(metric: string, low: number | null, high: number | null, signed = false): string {
  if (low === null || high === null || !Number.isFinite(low) || !Number.isFinite(high)) return "(not enough data)";
  return `[${formatMetricValue(metric, low, signed)}, ${formatMetricValue(metric, high, signed)}]`;
}
