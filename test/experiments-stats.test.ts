import { erf } from "mathjs";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/evals/index.js";
import { buildExperimentReport } from "../src/experiments/build-experiment-report.js";
import { chiSquareSurvival } from "../src/experiments/stats/chi-square-survival.js";
import { meanSummary } from "../src/experiments/stats/mean-summary.js";
import { differenceSequence, mixtureSprt } from "../src/experiments/stats/mixture-sprt.js";
import { sampleRatioMismatch } from "../src/experiments/stats/sample-ratio-mismatch.js";
import { experimentSchema } from "../src/config/index.js";
import type { ExperimentSample } from "../src/store/index.js";

// Simulations with known truth: binary outcomes (thumbs up or down) in two arms, looked at
// after every batch, as a team reading the report daily would.
const ALPHA = 0.05;
const PLANNED_N = 100;
const EXPERIMENTS = 1000;
const LOOKS = 20;
const BATCH = 100;

interface Arm {
  n: number;
  successes: number;
}

/** The summary meanSummary gives for binary values, from counts (the simulations keep counts, not arrays). */
function binarySummary(arm: Arm) {
  const mean = arm.successes / arm.n;
  const squares = arm.successes * (1 - mean) ** 2 + (arm.n - arm.successes) * mean ** 2;
  return { n: arm.n, mean, variance: (squares + 0.25) / arm.n };
}

/** Runs experiments with success rates `control` and `treatment`; per experiment, whether the anytime-valid interval and the naive z-test ever excluded 0, and whether the final look did. */
function simulate(seed: number, control: number, treatment: number, looks = LOOKS) {
  const random = seededRandom(seed);
  let sequential = 0;
  let naive = 0;
  for (let experiment = 0; experiment < EXPERIMENTS; experiment += 1) {
    const a: Arm = { n: 0, successes: 0 };
    const b: Arm = { n: 0, successes: 0 };
    let rejected = false;
    let naiveRejected = false;
    for (let look = 0; look < looks; look += 1) {
      for (let i = 0; i < BATCH; i += 1) {
        a.n += 1;
        b.n += 1;
        if (random() < control) a.successes += 1;
        if (random() < treatment) b.successes += 1;
      }
      const result = differenceSequence(binarySummary(a), binarySummary(b), ALPHA, PLANNED_N);
      if (result.low > 0 || result.high < 0) rejected = true;
      const pooled = (a.successes + b.successes) / (a.n + b.n);
      const z = (b.successes / b.n - a.successes / a.n) / Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
      if (Math.abs(z) > 1.959964) naiveRejected = true;
    }
    if (rejected) sequential += 1;
    if (naiveRejected) naive += 1;
  }
  return { sequential: sequential / EXPERIMENTS, naive: naive / EXPERIMENTS };
}

function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

describe("experiment statistics by simulation", () => {
  it("summarises counts as meanSummary summarises the values", () => {
    const summary = meanSummary([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], true);
    const counted = binarySummary({ n: 10, successes: 3 });
    expect(counted.mean).toBeCloseTo(summary.mean, 12);
    expect(counted.variance).toBeCloseTo(summary.variance, 12);
  });

  it("keeps the false-positive rate of 1,000 A/A experiments looked at 20 times at or below 5%, where a peeking t-test is inflated", () => {
    const { sequential, naive } = simulate(20, 0.5, 0.5);
    const standardError = Math.sqrt((ALPHA * (1 - ALPHA)) / EXPERIMENTS);
    console.log(`A/A, ${LOOKS} looks of ${BATCH} per arm: anytime-valid false-positive rate ${sequential}, peeking z-test ${naive}`);
    expect(sequential).toBeLessThanOrEqual(ALPHA + 3 * standardError);
    expect(naive).toBeGreaterThan(0.15);
  });

  it("detects a true lift from 0.50 to 0.56 with the expected power", () => {
    const looks = 30;
    const { sequential } = simulate(56, 0.5, 0.56, looks);
    // Expected: the chance that the last look alone excludes 0, from the normal approximation at
    // n = 3,000 per arm (earlier looks can only add detections, and rarely do at this lift).
    const n = looks * BATCH;
    const variance = (0.5 * 0.5 + 0.56 * 0.44) / n;
    const halfWidth = differenceSequence({ n, mean: 0, variance: variance * n / 2 }, { n, mean: 0, variance: variance * n / 2 }, ALPHA, PLANNED_N).high;
    const expected = normalCdf((0.06 - halfWidth) / Math.sqrt(variance));
    const standardError = Math.sqrt((expected * (1 - expected)) / EXPERIMENTS);
    console.log(`lift 0.50 → 0.56, ${n} per arm, looked at ${looks} times: detected in ${sequential}, expected ${expected.toFixed(3)}`);
    expect(sequential).toBeGreaterThan(expected - 3 * standardError);
    expect(sequential).toBeLessThan(expected + 0.05);
  });

  it("flags a broken 52/48 split of 10,000 units and leaves a correct 50/50 split alone", () => {
    const random = seededRandom(52);
    let brokenFlags = 0;
    let correctFlags = 0;
    for (let experiment = 0; experiment < EXPERIMENTS; experiment += 1) {
      let broken = 0;
      let correct = 0;
      for (let unit = 0; unit < 10_000; unit += 1) {
        if (random() < 0.52) broken += 1;
        if (random() < 0.5) correct += 1;
      }
      if (sampleRatioMismatch({ a: broken, b: 10_000 - broken }, { a: 0.5, b: 0.5 }).mismatch) brokenFlags += 1;
      if (sampleRatioMismatch({ a: correct, b: 10_000 - correct }, { a: 0.5, b: 0.5 }).mismatch) correctFlags += 1;
    }
    console.log(`SRM at 10,000 units: 52/48 flagged in ${brokenFlags / EXPERIMENTS}, 50/50 in ${correctFlags / EXPERIMENTS}`);
    // A 52/48 split is 200 ± 50 units off; the flag needs 165: P ≈ 0.76.
    expect(brokenFlags / EXPERIMENTS).toBeGreaterThan(0.66);
    expect(brokenFlags / EXPERIMENTS).toBeLessThan(0.86);
    expect(correctFlags).toBeLessThanOrEqual(4);
    expect(sampleRatioMismatch({ a: 5200, b: 4800 }, { a: 0.5, b: 0.5 }).mismatch).toBe(true);
  });
});

describe("experiment statistics, exact values", () => {
  it("computes chi-square tail probabilities", () => {
    expect(chiSquareSurvival(3.841459, 1)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(10.827566, 1)).toBeCloseTo(0.001, 7);
    expect(chiSquareSurvival(5.991465, 2)).toBeCloseTo(0.05, 6);
    expect(chiSquareSurvival(0.5, 3)).toBeCloseTo(0.918891, 5);
    expect(chiSquareSurvival(0, 2)).toBe(1);
  });

  it("rejects exactly where the always-valid p-value crosses alpha", () => {
    const variance = 0.01;
    const tau = 0.05;
    const edge = mixtureSprt(0, variance, tau, ALPHA);
    const halfWidth = edge.high;
    expect(mixtureSprt(halfWidth * 1.0001, variance, tau, ALPHA).pValue).toBeLessThan(ALPHA);
    expect(mixtureSprt(halfWidth * 0.9999, variance, tau, ALPHA).pValue).toBeGreaterThan(ALPHA);
    // Wider than the fixed-horizon interval: the price of looking any time.
    expect(halfWidth).toBeGreaterThan(1.96 * Math.sqrt(variance));
  });
});

describe("experiment report", () => {
  const config = experimentSchema.parse({
    variants: { a: {}, b: {} },
    metric: "feedback",
    guardrails: [{ metric: "latency", maxWorse: 100 }],
    minSamples: 200,
  });
  const state = { name: "tone", status: "running" as const, winner: null, startedAt: 0, endedAt: null };

  function samples(options: { rates: Record<string, number>; latency?: Record<string, number>; perVariant: number; units?: Record<string, number> }): ExperimentSample[] {
    const random = seededRandom(7);
    const out: ExperimentSample[] = [];
    for (let i = 0; i < options.perVariant; i += 1) {
      for (const variant of Object.keys(options.rates)) {
        const units = options.units?.[variant] ?? options.perVariant;
        out.push({
          traceId: `${variant}-${i}`,
          variant,
          unit: `${variant}-user-${i % units}`,
          time: 1_000 * i,
          latencyMs: (options.latency?.[variant] ?? 500) + random() * 50,
          costUsd: 0.001,
          error: false,
          feedback: random() < options.rates[variant] ? 1 : 0,
          checks: {},
        });
      }
    }
    return out;
  }

  it("ships a variant that is better with confidence, with a narrowing history", () => {
    const report = buildExperimentReport(config, state, samples({ rates: { a: 0.4, b: 0.6 }, perVariant: 1000 }));
    expect(report.verdict).toMatchObject({ kind: "ship", variant: "b" });
    expect(report.comparisons[0].low).toBeGreaterThan(0);
    expect(report.variants.map((variant) => variant.units)).toEqual([1000, 1000]);
    expect(report.guardrails[0].status).toBe("ok");
    expect(report.history).toHaveLength(50);
    const [early, late] = [report.history[4], report.history.at(-1)!];
    expect(late.high - late.low).toBeLessThan(early.high - early.low);
    expect(late.n).toBe(2000);
  });

  it("keeps running below minSamples, stops for harm on a guardrail, and distrusts a broken split", () => {
    expect(buildExperimentReport(config, state, samples({ rates: { a: 0.2, b: 0.8 }, perVariant: 150 })).verdict).toMatchObject({ kind: "keep-running" });
    const slow = buildExperimentReport(config, state, samples({ rates: { a: 0.5, b: 0.5 }, latency: { a: 500, b: 800 }, perVariant: 300 }));
    expect(slow.verdict).toMatchObject({ kind: "stop-for-harm", variant: "b" });
    const skewed = buildExperimentReport(config, state, samples({ rates: { a: 0.4, b: 0.6 }, perVariant: 1000, units: { a: 1000, b: 700 } }));
    expect(skewed.srm.mismatch).toBe(true);
    expect(skewed.verdict.kind).toBe("check-assignment");
  });

  it("counts only the calls up to the moment an experiment was shipped", () => {
    const before = samples({ rates: { a: 0.4, b: 0.6 }, perVariant: 500 });
    const endedAt = before.at(-1)!.time;
    // After shipping, every unit gets b: those calls would break the split if they counted.
    const after = samples({ rates: { b: 0.6 }, perVariant: 500 }).map((sample) => ({ ...sample, traceId: `late-${sample.traceId}`, time: endedAt + 1 + sample.time }));
    const report = buildExperimentReport(config, { ...state, status: "shipped", winner: "b", endedAt }, [...before, ...after]);
    expect(report.variants.map((variant) => variant.calls)).toEqual([500, 500]);
    expect(report.srm.mismatch).toBe(false);
    expect(report.updatedAt).toBe(endedAt);
  });

  it("ships the control when the variant is worse, and reports an empty experiment", () => {
    expect(buildExperimentReport(config, state, samples({ rates: { a: 0.6, b: 0.4 }, perVariant: 1000 })).verdict).toMatchObject({ kind: "ship", variant: "a" });
    const empty = buildExperimentReport(config, state, []);
    expect(empty.verdict.kind).toBe("keep-running");
    expect(empty.history).toEqual([]);
    expect(empty.updatedAt).toBeNull();
  });
});
