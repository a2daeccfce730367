/**
 * The Wilson score interval of a binomial proportion: `successes` of `trials`, at the normal
 * quantile `z` (1.96 for 95%). Unlike the plain normal interval it stays inside [0, 1] and is
 * not zero-width at 0 or n successes; with no trials it is [0, 1].
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): [number, number] {
  if (trials <= 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
