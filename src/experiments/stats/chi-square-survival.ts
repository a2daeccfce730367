import { lgamma } from "mathjs";

/**
 * P(X ≥ x) for X chi-square distributed with `degrees` degrees of freedom: the regularized upper
 * incomplete gamma Q(k/2, x/2), by its series below a + 1 and its continued fraction above
 * (Numerical Recipes, section 6.2).
 */
export function chiSquareSurvival(x: number, degrees: number): number {
  if (x <= 0) return 1;
  const a = degrees / 2;
  const half = x / 2;
  const logPrefix = a * Math.log(half) - half - lgamma(a);
  if (half < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; n += 1) {
      term *= half / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  const tiny = 1e-300;
  let b = half + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < 1000; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(logPrefix) * fraction);
}
