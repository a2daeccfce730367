/** McNemar's test on paired pass/fail outcomes. */
export interface McNemarResult {
  /** Pairs where A passed and B failed. */
  aOnly: number;
  /** Pairs where B passed and A failed. */
  bOnly: number;
  /** Two-sided p-value (1 when no pair disagrees). */
  pValue: number;
  /** `exact` (binomial, fewer than 25 discordant pairs) or `chi-square` (with continuity correction). */
  method: "exact" | "chi-square";
  /** The chi-square statistic, for the chi-square method. */
  statistic?: number;
}

const EXACT_BELOW = 25;

/**
 * McNemar's test: only pairs that disagree carry information. Under the null hypothesis
 * each of the n = b + c discordant pairs goes either way with probability 1/2. Fewer
 * than 25 discordant pairs: the exact two-sided binomial p-value,
 * min(1, 2 * P(X <= min(b, c))), X ~ Binomial(n, 1/2). Otherwise the chi-square
 * statistic (|b - c| - 1)^2 / (b + c) with one degree of freedom.
 */
export function mcnemarTest(aOnly: number, bOnly: number): McNemarResult {
  const n = aOnly + bOnly;
  if (n === 0) return { aOnly, bOnly, pValue: 1, method: "exact" };
  if (n < EXACT_BELOW) {
    const k = Math.min(aOnly, bOnly);
    let tail = 0;
    let term = 0.5 ** n; // C(n, 0) / 2^n
    for (let index = 0; index <= k; index += 1) {
      tail += term;
      term = (term * (n - index)) / (index + 1);
    }
    return { aOnly, bOnly, pValue: Math.min(1, 2 * tail), method: "exact" };
  }
  const statistic = (Math.abs(aOnly - bOnly) - 1) ** 2 / n;
  return { aOnly, bOnly, pValue: chiSquareOneDegreeSurvival(statistic), method: "chi-square", statistic };
}

/** P(X > x) for a chi-square variable with one degree of freedom: erfc(sqrt(x / 2)). */
export function chiSquareOneDegreeSurvival(x: number): number {
  if (x <= 0) return 1;
  return complementaryErrorFunction(Math.sqrt(x / 2));
}

/**
 * erfc(x) by the Chebyshev fit in Numerical Recipes (section 6.2), fractional error
 * below 1.2e-7 everywhere: plenty for p-values.
 */
export function complementaryErrorFunction(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const value =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? value : 2 - value;
}
