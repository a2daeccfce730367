import type { ExperimentConfig } from "../config/index.js";
import type { ExperimentSample, ExperimentState } from "../store/index.js";
import { experimentMetric, type ExperimentMetric } from "./experiment-metric.js";
import type { Comparison, ExperimentReport, ExperimentVerdict, GuardrailResult, IntervalPoint, MetricEstimate, VariantReport } from "./experiment-types.js";
import { meanSummary } from "./stats/mean-summary.js";
import { differenceSequence, meanSequence } from "./stats/mixture-sprt.js";
import { sampleRatioMismatch } from "./stats/sample-ratio-mismatch.js";
import { variantShares } from "./variant-shares.js";

/** Moments at which the primary comparison is recomputed for the chart. */
const HISTORY_POINTS = 50;

/**
 * Everything known about an experiment from its samples. Statistics:
 *   - Each variant's metric mean and each difference (variant − control) come with anytime-valid
 *     intervals (mixture SPRT, see stats/mixture-sprt.ts), so reading the report every day does not
 *     inflate false positives. The differences are Bonferroni-corrected: with k variants each
 *     comparison uses α/(k − 1), on the primary metric and on each guardrail metric.
 *   - SRM: chi-square test of units per variant (distinct unit ids; calls for `unit: request`)
 *     against the weights, flagged at p < 0.001.
 * Verdict, first rule that applies:
 *   1. SRM mismatch → check-assignment (the numbers are not to be trusted; never ship).
 *   2. A guardrail on which a variant is worse than the control by more than `maxWorse` with
 *      confidence → stop-for-harm.
 *   3. Every variant has `minSamples` values of the primary metric and some variant is better than
 *      the control with confidence → ship the one with the largest improvement.
 *   4. Same sample sizes and every variant is worse than the control with confidence → ship the control.
 *   5. Else keep running.
 * Once the experiment is shipped or stopped, only the calls up to then count. `samples` are oldest first.
 */
export function buildExperimentReport(config: ExperimentConfig, state: ExperimentState, allSamples: readonly ExperimentSample[]): ExperimentReport {
  // Once shipped or stopped every unit gets one variant: later calls are no longer part of the experiment.
  const samples = state.endedAt === null ? allSamples : allSamples.filter((sample) => sample.time <= state.endedAt!);
  const shares = variantShares(config);
  const names = Object.keys(shares);
  const [control] = names;
  const primary = experimentMetric(config.metric);
  const comparisonAlpha = config.alpha / (names.length - 1);
  const byVariant = new Map(names.map((name) => [name, samples.filter((sample) => sample.variant === name)]));
  const guardrailMetrics = config.guardrails.map((guardrail) => experimentMetric(guardrail.metric));

  const variants: VariantReport[] = names.map((name) => {
    const own = byVariant.get(name)!;
    return {
      name,
      control: name === control,
      weight: shares[name],
      calls: own.length,
      units: countUnits(own, config.unit),
      metric: estimate(own, primary, config),
      guardrails: Object.fromEntries(guardrailMetrics.map((metric) => [metric.name, estimate(own, metric, config)])),
    };
  });
  const compare = (variant: string, metric: ExperimentMetric, subset: (sample: ExperimentSample) => boolean = () => true) =>
    comparison(
      byVariant.get(control)!.filter(subset),
      byVariant.get(variant)!.filter(subset),
      variant,
      metric,
      comparisonAlpha,
      config.minSamples,
    );
  const challengers = names.slice(1);
  const comparisons = challengers.map((variant) => compare(variant, primary));
  const guardrails: GuardrailResult[] = config.guardrails.flatMap((guardrail, index) =>
    challengers.map((variant) => guardrailResult(compare(variant, guardrailMetrics[index]), guardrailMetrics[index], guardrail.maxWorse)),
  );
  const srm = sampleRatioMismatch(Object.fromEntries(variants.map((variant) => [variant.name, variant.units])), shares);

  const history = samples.length === 0 ? [] : intervalHistory(samples, challengers, (variant, time) => compare(variant, primary, (sample) => sample.time <= time));
  return {
    name: state.name,
    ...(config.description === undefined ? {} : { description: config.description }),
    state,
    unit: config.unit,
    metric: config.metric,
    direction: primary.direction,
    alpha: config.alpha,
    minSamples: config.minSamples,
    variants,
    comparisons,
    srm,
    guardrails,
    verdict: verdict(config, variants, comparisons, guardrails, srm.mismatch, primary),
    history,
    updatedAt: samples.at(-1)?.time ?? null,
  };
}

/** The primary comparison of each challenger recomputed at evenly spaced moments over the samples' time span (oldest first). */
function intervalHistory(samples: readonly ExperimentSample[], challengers: string[], compareAt: (variant: string, time: number) => Comparison): IntervalPoint[] {
  const first = samples[0]!.time;
  const last = samples.at(-1)!.time;
  const steps = last === first ? 1 : HISTORY_POINTS;
  const history: IntervalPoint[] = [];
  for (let step = 1; step <= steps; step += 1) {
    const time = first + ((last - first) * step) / steps;
    for (const variant of challengers) {
      const point = compareAt(variant, time);
      history.push({ time, variant, n: point.n, difference: point.difference, low: point.low, high: point.high });
    }
  }
  return history;
}

function countUnits(samples: readonly ExperimentSample[], unit: ExperimentConfig["unit"]): number {
  if (unit === "request") return samples.length;
  return new Set(samples.map((sample) => sample.unit ?? `trace:${sample.traceId}`)).size;
}

function values(samples: readonly ExperimentSample[], metric: ExperimentMetric): number[] {
  return samples.flatMap((sample) => {
    const value = metric.value(sample);
    return value === null ? [] : [value];
  });
}

function estimate(samples: readonly ExperimentSample[], metric: ExperimentMetric, config: ExperimentConfig): MetricEstimate {
  const summary = meanSummary(values(samples, metric), metric.bounded);
  const interval = meanSequence(summary, config.alpha, config.minSamples);
  return { n: summary.n, mean: summary.mean, ...clamp(interval.low, interval.high, metric.bounded ? [0, 1] : [0, Number.POSITIVE_INFINITY]) };
}

function comparison(control: readonly ExperimentSample[], treatment: readonly ExperimentSample[], variant: string, metric: ExperimentMetric, alpha: number, plannedN: number): Comparison {
  const [controlSummary, treatmentSummary] = [meanSummary(values(control, metric), metric.bounded), meanSummary(values(treatment, metric), metric.bounded)];
  const result = differenceSequence(controlSummary, treatmentSummary, alpha, plannedN);
  const bounds = metric.bounded ? clamp(result.low, result.high, [-1, 1]) : { low: result.low, high: result.high };
  return {
    variant,
    metric: metric.name,
    n: controlSummary.n + treatmentSummary.n,
    difference: result.estimate,
    ...bounds,
    pValue: result.pValue,
    significant: result.low > 0 || result.high < 0,
  };
}

function clamp(low: number, high: number, [min, max]: [number, number]): { low: number; high: number } {
  return { low: Math.max(min, low), high: Math.min(max, high) };
}

/** Difference oriented so that positive means better. */
function gain(value: number, metric: ExperimentMetric): number {
  return metric.direction === "higher" ? value : -value;
}

function guardrailResult(result: Comparison, metric: ExperimentMetric, maxWorse: number): GuardrailResult {
  // Oriented so that "worse" is negative: harm when the whole interval is below −maxWorse.
  const [low, high] = metric.direction === "higher" ? [result.low, result.high] : [-result.high, -result.low];
  const status = high < -maxWorse ? "harm" : low > -maxWorse ? "ok" : "inconclusive";
  return { variant: result.variant, metric: metric.name, maxWorse, comparison: result, status };
}

function verdict(
  config: ExperimentConfig,
  variants: VariantReport[],
  comparisons: Comparison[],
  guardrails: GuardrailResult[],
  mismatch: boolean,
  primary: ExperimentMetric,
): ExperimentVerdict {
  if (mismatch) {
    return { kind: "check-assignment", reason: "the units do not split as the weights say (sample ratio mismatch, p < 0.001): assignment or logging is broken, so no result can be trusted" };
  }
  const harm = guardrails.find((guardrail) => guardrail.status === "harm");
  if (harm !== undefined) {
    return { kind: "stop-for-harm", variant: harm.variant, reason: `${harm.variant} is worse than the control on ${harm.metric} by more than the allowed ${harm.maxWorse}` };
  }
  const short = variants.filter((variant) => variant.metric.n < config.minSamples);
  const better = comparisons.filter((comparison) => comparison.significant && gain(comparison.difference, primary) > 0);
  const worse = comparisons.filter((comparison) => comparison.significant && gain(comparison.difference, primary) < 0);
  if (short.length === 0 && better.length > 0) {
    const best = better.reduce((top, comparison) => (gain(comparison.difference, primary) > gain(top.difference, primary) ? comparison : top));
    return { kind: "ship", variant: best.variant, reason: `${best.variant} is better than the control on ${primary.name}, and the interval of the difference excludes 0` };
  }
  if (short.length === 0 && worse.length === comparisons.length) {
    const [control] = variants;
    return { kind: "ship", variant: control.name, reason: `every other variant is worse than the control on ${primary.name}` };
  }
  if (short.length > 0) {
    const need = short.map((variant) => `${variant.name} ${variant.metric.n}/${config.minSamples}`).join(", ");
    return { kind: "keep-running", reason: `not every variant has ${config.minSamples} samples of ${primary.name} yet (${need})` };
  }
  return { kind: "keep-running", reason: `no difference on ${primary.name} is clear yet: the interval still includes 0` };
}
