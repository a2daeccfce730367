/**
 * Holm-Bonferroni adjusted p-values, in the input order: sort ascending, multiply the
 * i-th smallest by (m - i), keep them non-decreasing, cap at 1. Comparing many pairs of
 * variants inflates false positives; the adjusted values keep the family-wise error rate.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, index }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = Number.isNaN(p) ? Number.NaN : running;
  });
  return adjusted;
}
