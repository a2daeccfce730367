import { describe, expect, it } from "vitest";
import type { CellResult } from "../runner/cell-result.js";
import { bootstrapMeanInterval } from "./bootstrap-interval.js";
import { holmAdjust } from "./holm-adjust.js";
import { chiSquareOneDegreeSurvival, complementaryErrorFunction, mcnemarTest } from "./mcnemar-test.js";
import { pairedBootstrap } from "./paired-bootstrap.js";
import { quantileOfSorted } from "./quantile.js";
import { computeRunStatistics } from "./run-statistics.js";
import { seededRandom } from "./seeded-random.js";

// Expected values computed independently with Python's math.comb and math.erfc.
describe("McNemar's test", () => {
  it("uses the exact binomial p-value below 25 discordant pairs", () => {
    expect(mcnemarTest(10, 0)).toMatchObject({ method: "exact", pValue: 0.001953125 });
    expect(mcnemarTest(7, 2).pValue).toBeCloseTo(0.1796875, 12);
    expect(mcnemarTest(12, 5).pValue).toBeCloseTo(0.143463134765625, 12);
    expect(mcnemarTest(4, 4).pValue).toBe(1);
    expect(mcnemarTest(0, 0).pValue).toBe(1);
  });

  it("uses chi-square with continuity correction from 25 discordant pairs", () => {
    const result = mcnemarTest(30, 10);
    expect(result.method).toBe("chi-square");
    expect(result.statistic).toBeCloseTo(9.025, 12);
    expect(result.pValue).toBeCloseTo(0.002663119259138554, 6);
    expect(mcnemarTest(25, 15).pValue).toBeCloseTo(0.1547289234853785, 6);
  });

  it("computes erfc and the chi-square tail to about 1e-7", () => {
    expect(complementaryErrorFunction(0.5)).toBeCloseTo(0.4795001221869535, 6);
    expect(complementaryErrorFunction(1.5)).toBeCloseTo(0.033894853524689274, 7);
    expect(complementaryErrorFunction(-1)).toBeCloseTo(1.842700792949715, 6);
    expect(chiSquareOneDegreeSurvival(3.841458820694124)).toBeCloseTo(0.05, 6);
  });
});

describe("bootstrap", () => {
  it("is reproducible with a seed and differs with another seed", () => {
    const values = [0.1, 0.5, 0.9, 0.3, 0.7, 0.2, 0.8];
    const first = bootstrapMeanInterval(values, { random: seededRandom(7) });
    expect(bootstrapMeanInterval(values, { random: seededRandom(7) })).toEqual(first);
    expect(bootstrapMeanInterval(values, { random: seededRandom(8) })).not.toEqual(first);
    expect(first.estimate).toBeCloseTo(0.5, 12);
  });

  it("matches the normal-theory interval of a proportion (n=100, p=0.5: 0.5 ± 0.098)", () => {
    const values = Array.from({ length: 100 }, (_, index) => (index % 2 === 0 ? 1 : 0));
    const interval = bootstrapMeanInterval(values, { random: seededRandom(42), resamples: 4000 });
    expect(interval.low).toBeGreaterThan(0.38);
    expect(interval.low).toBeLessThan(0.42);
    expect(interval.high).toBeGreaterThan(0.58);
    expect(interval.high).toBeLessThan(0.62);
  });

  it("gives a zero-width interval for constant values and one value", () => {
    expect(bootstrapMeanInterval([1, 1, 1], { random: seededRandom(1) })).toEqual({ estimate: 1, low: 1, high: 1 });
    expect(bootstrapMeanInterval([0.3], { random: seededRandom(1) })).toEqual({ estimate: 0.3, low: 0.3, high: 0.3 });
  });

  it("interpolates quantiles like numpy's default (type 7)", () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileOfSorted([10], 0.9)).toBe(10);
  });
});

describe("paired bootstrap", () => {
  it("finds a consistent improvement significant and noise not", () => {
    const random = seededRandom(42);
    const improvement = Array.from({ length: 30 }, (_, index) => 0.2 + (index % 5) * 0.02);
    const clear = pairedBootstrap(improvement, { random });
    expect(clear.estimate).toBeCloseTo(0.24, 10);
    expect(clear.low).toBeGreaterThan(0);
    expect(clear.pValue).toBeLessThan(0.01);
    const noise = pairedBootstrap(Array.from({ length: 30 }, (_, index) => (index % 2 === 0 ? 0.3 : -0.3)), { random });
    expect(noise.low).toBeLessThan(0);
    expect(noise.high).toBeGreaterThan(0);
    expect(noise.pValue).toBeGreaterThan(0.5);
  });

  it("handles identical and constant differences", () => {
    expect(pairedBootstrap([0, 0, 0], { random: seededRandom(1) }).pValue).toBe(1);
    expect(pairedBootstrap([0.5, 0.5], { random: seededRandom(1) })).toMatchObject({ estimate: 0.5, pValue: 0 });
  });
});

describe("named metric totals", () => {
  it("sum each cell's named score times its weight over a variant's cells, as promptfoo does", () => {
    const cells = [
      { ...cell(0, 0, true), namedScores: { tone: 0.5, accuracy: 1 }, namedScoreWeights: { tone: 3, accuracy: 0 } },
      { ...cell(1, 0, false), namedScores: { tone: 1 } },
      cell(0, 1, true),
    ];
    const statistics = computeRunStatistics(cells, { variants: [{ index: 0, label: "a" }, { index: 1, label: "b" }], resamples: 10 });
    expect(statistics.variants[0]!.namedScores).toEqual({ tone: 2.5, accuracy: 0 });
    expect(statistics.variants[1]!.namedScores).toEqual({ quality: 1 });
  });

  it("evaluate derived metrics over the totals and __count, keeping failures at their last value", () => {
    const cells = [cell(0, 0, true), cell(1, 0, false), cell(2, 0, true)];
    const derivedMetrics = [
      { name: "rate", value: "quality / __count" },
      { name: "broken", value: "missing + 1" },
      { name: "early", value: "late + 1" },
      { name: "late", value: "__count * 10" },
    ];
    const statistics = computeRunStatistics(cells, { variants: [{ index: 0, label: "a" }], resamples: 10, derivedMetrics });
    // quality totals 1 + 0.5 + 1; `early` reads `late` from the previous cell (20), as promptfoo does.
    expect(statistics.variants[0]!.derivedMetrics).toEqual({ rate: 2.5 / 3, broken: 0, early: 21, late: 30 });
  });
});

describe("Holm adjustment", () => {
  it("matches the textbook example", () => {
    // p = 0.01, 0.04, 0.03 → sorted 0.01*3=0.03, 0.03*2=0.06, 0.04*1=0.04 → monotone 0.03, 0.06, 0.06
    expect(holmAdjust([0.01, 0.04, 0.03]).map((p) => Number(p.toFixed(10)))).toEqual([0.03, 0.06, 0.06]);
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([0.2, 0.01])).toEqual([0.2, 0.02]);
  });
});

function cell(testIndex: number, variantIndex: number, pass: boolean, repeatIndex = 0, status?: CellResult["status"]): CellResult {
  const finalStatus = status ?? (pass ? "pass" : "fail");
  return { testIndex, variantIndex, repeatIndex, status: finalStatus, pass: finalStatus === "pass", score: pass ? 1 : 0, reason: "", output: "", assertions: [], namedScores: { quality: pass ? 1 : 0.5 }, latencyMs: 10, cached: false };
}

describe("run statistics", () => {
  const variants = [
    { index: 0, label: "A" },
    { index: 1, label: "B" },
  ];

  it("counts cells, flags flaky repeats and compares variants on shared tests", () => {
    const cells: CellResult[] = [];
    for (let test = 0; test < 30; test += 1) {
      cells.push(cell(test, 0, true), cell(test, 1, test % 3 === 0));
    }
    cells.push(cell(30, 0, true, 0), cell(30, 0, false, 1), cell(30, 1, false, 0, "error"), cell(30, 1, false, 1, "error"));
    const statistics = computeRunStatistics(cells, { variants, seed: 42 });
    expect(statistics.totals).toEqual({ cells: 64, passed: 41, failed: 21, errors: 2 });
    const [a, b] = statistics.variants;
    expect(a!.passRate.estimate).toBeCloseTo((30 + 0.5) / 31, 10);
    expect(b!.passRate.estimate).toBeCloseTo(10 / 31, 10);
    expect(b!.errors).toBe(2);
    expect(statistics.flaky).toEqual([{ testIndex: 30, variantIndex: 0, passes: 1, repeats: 2 }]);
    const comparison = statistics.comparisons[0]!;
    expect(comparison.passFail.aOnly).toBe(21);
    expect(comparison.passFail.bOnly).toBe(0);
    expect(comparison.significant.passFail).toBe(true);
    expect(comparison.significant.score).toBe(true);
    expect(comparison.verdict).toMatch(/^A is better/);
    expect(computeRunStatistics(cells, { variants, seed: 42 })).toEqual(statistics);
  });

  it("says no significant difference for a coin-flip gap on few tests", () => {
    const cells = [cell(0, 0, true), cell(0, 1, false), cell(1, 0, false), cell(1, 1, true), cell(2, 0, true), cell(2, 1, true)];
    const comparison = computeRunStatistics(cells, { variants }).comparisons[0]!;
    expect(comparison.significant).toEqual({ score: false, passFail: false });
    expect(comparison.verdict).toContain("no significant difference");
  });
});
