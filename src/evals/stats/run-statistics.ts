import { evaluate } from "mathjs";
import type { CellResult } from "../runner/cell-result.js";
import type { DerivedMetric } from "../suite/eval-suite.js";
import type { Interval } from "./bootstrap-interval.js";
import { bootstrapMeanInterval } from "./bootstrap-interval.js";
import { holmAdjust } from "./holm-adjust.js";
import type { McNemarResult } from "./mcnemar-test.js";
import { mcnemarTest } from "./mcnemar-test.js";
import type { PairedBootstrapResult } from "./paired-bootstrap.js";
import { pairedBootstrap } from "./paired-bootstrap.js";
import { seededRandom } from "./seeded-random.js";

/** Statistics of one variant. */
export interface VariantStatistics {
  variantIndex: number;
  label: string;
  cells: number;
  passed: number;
  failed: number;
  errors: number;
  /** Share of cells that passed (errors count as failures), with a bootstrap interval over tests. */
  passRate: Interval;
  /** Mean cell score (errors score 0), with a bootstrap interval over tests. */
  meanScore: Interval;
  /** Named metric totals: each cell's named score times its weight, summed over the column's cells (as promptfoo reports them). */
  namedScores: Record<string, number>;
  /** Derived metrics (the suite's `derivedMetrics`) over the named metric totals. */
  derivedMetrics: Record<string, number>;
  meanLatencyMs: number | undefined;
  totalCostUsd: number | undefined;
  /** Tests whose repeats disagree on this variant. */
  flakyTests: number;
}

/** Two variants compared on the tests both ran. */
export interface VariantComparison {
  a: number;
  b: number;
  labelA: string;
  labelB: string;
  /** Tests both variants have cells for. */
  tests: number;
  /** Paired bootstrap on per-test mean scores, A - B. */
  scoreDifference: PairedBootstrapResult;
  /** McNemar's test on paired pass/fail outcomes (test and repeat matched). */
  passFail: McNemarResult;
  /** p-values adjusted for the number of pairs compared (Holm). */
  adjusted: { score: number; passFail: number };
  /** Significant at the 5% level after the Holm adjustment. */
  significant: { score: boolean; passFail: boolean };
  /** One line for people. */
  verdict: string;
}

/** A test whose repeats on one variant did not agree. */
export interface FlakyCell {
  testIndex: number;
  variantIndex: number;
  passes: number;
  repeats: number;
}

/** Everything `computeRunStatistics` reports. */
export interface RunStatistics {
  seed: number;
  resamples: number;
  confidence: number;
  /** Cells counted over the whole run. */
  totals: { cells: number; passed: number; failed: number; errors: number };
  variants: VariantStatistics[];
  comparisons: VariantComparison[];
  flaky: FlakyCell[];
}

/** Options for `computeRunStatistics`. */
export interface RunStatisticsOptions {
  /** Variant labels by index. */
  variants: { index: number; label: string }[];
  /** Seed of the resampling (default 42). */
  seed?: number;
  /** Bootstrap resamples (default 2000). */
  resamples?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Metrics computed from each variant's named metric totals. */
  derivedMetrics?: readonly DerivedMetric[];
}

/**
 * The statistics of a run. Per variant: pass rate and mean score with percentile
 * bootstrap 95% intervals, resampling tests (a test's repeats stay together). Per pair
 * of variants: a paired bootstrap on per-test score differences and McNemar's test on
 * pass/fail pairs, both Holm-adjusted over all pairs. Cells whose repeats disagree are
 * flagged as flaky. The seed makes every interval reproducible.
 */
export function computeRunStatistics(cells: readonly CellResult[], options: RunStatisticsOptions): RunStatistics {
  const seed = options.seed ?? 42;
  const resamples = options.resamples ?? 2000;
  const alpha = options.alpha ?? 0.05;
  const random = seededRandom(seed);
  const byVariant = groupCells(cells);
  const flaky: FlakyCell[] = [];
  const variants = options.variants.map((variant) => {
    const tests = byVariant.get(variant.index) ?? new Map<number, CellResult[]>();
    const all = [...tests.values()].flat();
    const perTestPass = [...tests.values()].map((list) => list.filter((cell) => cell.pass).length / list.length);
    const perTestScore = [...tests.values()].map((list) => list.reduce((sum, cell) => sum + scoreOf(cell), 0) / list.length);
    let flakyTests = 0;
    for (const [testIndex, list] of tests) {
      const passes = list.filter((cell) => cell.pass).length;
      if (list.length > 1 && passes > 0 && passes < list.length) {
        flakyTests += 1;
        flaky.push({ testIndex, variantIndex: variant.index, passes, repeats: list.length });
      }
    }
    const latencies = all.filter((cell) => cell.status !== "error").map((cell) => cell.latencyMs);
    const costs = all.map((cell) => cell.costUsd).filter((value): value is number => value !== undefined);
    return {
      variantIndex: variant.index,
      label: variant.label,
      cells: all.length,
      passed: all.filter((cell) => cell.status === "pass").length,
      failed: all.filter((cell) => cell.status === "fail").length,
      errors: all.filter((cell) => cell.status === "error").length,
      passRate: bootstrapMeanInterval(perTestPass, { resamples, random }),
      meanScore: bootstrapMeanInterval(perTestScore, { resamples, random }),
      namedScores: namedScoreTotals(all),
      derivedMetrics: derivedMetricValues(all, options.derivedMetrics ?? []),
      meanLatencyMs: latencies.length === 0 ? undefined : latencies.reduce((a, b) => a + b, 0) / latencies.length,
      totalCostUsd: costs.length === 0 ? undefined : costs.reduce((a, b) => a + b, 0),
      flakyTests,
    };
  });
  const comparisons = compareAll(options.variants, byVariant, { resamples, random, alpha });
  return {
    seed,
    resamples,
    confidence: 0.95,
    totals: {
      cells: cells.length,
      passed: cells.filter((cell) => cell.status === "pass").length,
      failed: cells.filter((cell) => cell.status === "fail").length,
      errors: cells.filter((cell) => cell.status === "error").length,
    },
    variants,
    comparisons,
    flaky: flaky.sort((x, y) => x.testIndex - y.testIndex || x.variantIndex - y.variantIndex),
  };
}

function compareAll(
  variants: { index: number; label: string }[],
  byVariant: Map<number, Map<number, CellResult[]>>,
  options: { resamples: number; random: () => number; alpha: number },
): VariantComparison[] {
  const raw: Omit<VariantComparison, "adjusted" | "significant" | "verdict">[] = [];
  for (let i = 0; i < variants.length; i += 1) {
    for (let j = i + 1; j < variants.length; j += 1) {
      const a = byVariant.get(variants[i]!.index) ?? new Map<number, CellResult[]>();
      const b = byVariant.get(variants[j]!.index) ?? new Map<number, CellResult[]>();
      const common = [...a.keys()].filter((test) => b.has(test)).sort((x, y) => x - y);
      const differences = common.map((test) => meanScore(a.get(test)!) - meanScore(b.get(test)!));
      let aOnly = 0;
      let bOnly = 0;
      for (const test of common) {
        const bByRepeat = new Map(b.get(test)!.map((cell) => [cell.repeatIndex, cell]));
        for (const cellA of a.get(test)!) {
          const cellB = bByRepeat.get(cellA.repeatIndex);
          if (cellB === undefined) continue;
          if (cellA.pass && !cellB.pass) aOnly += 1;
          else if (!cellA.pass && cellB.pass) bOnly += 1;
        }
      }
      raw.push({
        a: variants[i]!.index,
        b: variants[j]!.index,
        labelA: variants[i]!.label,
        labelB: variants[j]!.label,
        tests: common.length,
        scoreDifference: pairedBootstrap(differences, { resamples: options.resamples, random: options.random }),
        passFail: mcnemarTest(aOnly, bOnly),
      });
    }
  }
  const scoreAdjusted = holmAdjust(raw.map((comparison) => comparison.scoreDifference.pValue));
  const passAdjusted = holmAdjust(raw.map((comparison) => comparison.passFail.pValue));
  return raw.map((comparison, index) => {
    const adjusted = { score: scoreAdjusted[index]!, passFail: passAdjusted[index]! };
    const significant = { score: adjusted.score < options.alpha, passFail: adjusted.passFail < options.alpha };
    return { ...comparison, adjusted, significant, verdict: verdictOf(comparison, significant) };
  });
}

function verdictOf(comparison: Omit<VariantComparison, "adjusted" | "significant" | "verdict">, significant: { score: boolean; passFail: boolean }): string {
  const difference = comparison.scoreDifference.estimate;
  if (comparison.tests < 2) return "too few shared tests to compare";
  if (!significant.score && !significant.passFail) return "no significant difference (could be noise)";
  const better = difference > 0 || (difference === 0 && comparison.passFail.aOnly > comparison.passFail.bOnly) ? comparison.labelA : comparison.labelB;
  const which = [significant.score ? "scores" : undefined, significant.passFail ? "pass/fail" : undefined].filter(Boolean).join(" and ");
  return `${better} is better (significant on ${which})`;
}

function groupCells(cells: readonly CellResult[]): Map<number, Map<number, CellResult[]>> {
  const byVariant = new Map<number, Map<number, CellResult[]>>();
  for (const cell of cells) {
    let tests = byVariant.get(cell.variantIndex);
    if (tests === undefined) byVariant.set(cell.variantIndex, (tests = new Map()));
    const list = tests.get(cell.testIndex);
    if (list === undefined) tests.set(cell.testIndex, [cell]);
    else list.push(cell);
  }
  return byVariant;
}

function scoreOf(cell: CellResult): number {
  return cell.status === "error" ? 0 : cell.score;
}

function meanScore(cells: CellResult[]): number {
  return cells.reduce((sum, cell) => sum + scoreOf(cell), 0) / cells.length;
}

/**
 * Named metric totals of a column, as promptfoo reports them: the SUM over cells of each
 * cell's named score times the assertion weight behind it (not a mean).
 */
function namedScoreTotals(cells: CellResult[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const cell of cells) {
    for (const [name, score] of Object.entries(cell.namedScores)) totals[name] = (totals[name] ?? 0) + score * (cell.namedScoreWeights?.[name] ?? 1);
  }
  return totals;
}

/**
 * Derived metrics of a column, computed as promptfoo computes them: after each cell, every
 * expression is evaluated over the running named totals, `__count` (cells so far) and the
 * derived values already set, in order. An expression that fails keeps its last value (0 at
 * first), and one that reads a later derived metric sees its value from the previous cell:
 * odd, but what promptfoo suites were written against.
 */
function derivedMetricValues(cells: CellResult[], metrics: readonly DerivedMetric[]): Record<string, number> {
  const derived: Record<string, number> = {};
  if (metrics.length === 0) return derived;
  const totals: Record<string, number> = {};
  let count = 0;
  for (const cell of cells) {
    for (const [name, score] of Object.entries(cell.namedScores)) totals[name] = (totals[name] ?? 0) + score * (cell.namedScoreWeights?.[name] ?? 1);
    count += 1;
    const scope: Record<string, unknown> = { ...totals, ...derived, __count: count };
    for (const metric of metrics) {
      derived[metric.name] ??= 0;
      try {
        const value: unknown = evaluate(metric.value, scope);
        if (typeof value === "number") derived[metric.name] = value;
        scope[metric.name] = derived[metric.name];
      } catch {
        // promptfoo only logs the failure at debug level and keeps the previous value.
      }
    }
  }
  return derived;
}
