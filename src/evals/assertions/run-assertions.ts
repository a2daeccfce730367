import { renderTemplate } from "../../prompts/index.js";
import type { AssertionSpec } from "../suite/eval-suite.js";
import type { AssertionInput, AssertionResult } from "./assertion-types.js";
import { assertionHandlers, splitAssertionType } from "./registry.js";
import { renderAssertionValue } from "./render-assertion-value.js";
import { transformAssertionInput } from "./transform-assertion-input.js";

/** One assertion's verdict within a cell. */
export interface AssertionOutcome {
  type: string;
  pass: boolean;
  score: number;
  reason: string;
  weight: number;
  metric?: string;
  /** True when the assertion could not be evaluated. */
  error?: boolean;
  metadata?: Record<string, unknown>;
}

/** The combined verdict of a cell's assertions. */
export interface GradedOutput {
  pass: boolean;
  /** Weighted mean of the assertion scores (1 when there are none). */
  score: number;
  reason: string;
  /** True when some assertion could not be evaluated: the cell is an error. */
  error: boolean;
  assertions: AssertionOutcome[];
  /** Weighted mean score per named metric. */
  namedScores: Record<string, number>;
  /** Total assertion weight behind each named score (a column total weights the cell's score by it). */
  namedScoreWeights: Record<string, number>;
}

/** What every assertion of a cell shares. */
export type CellAssertionInput = Omit<AssertionInput, "assertion" | "baseType" | "inverse" | "value">;

/**
 * Runs a cell's assertions one after another and combines them as promptfoo does: the
 * cell passes when every assertion passes (weight 0 assertions always pass and add nothing),
 * its score is the weighted mean, and a test `threshold` replaces the all-pass rule with
 * score >= threshold. An assertion that throws makes the cell an error, never the run.
 */
export async function runAssertions(specs: AssertionSpec[], input: CellAssertionInput, threshold?: number): Promise<GradedOutput> {
  if (specs.length === 0) return { pass: true, score: 1, reason: "no assertions", error: false, assertions: [], namedScores: {}, namedScoreWeights: {} };
  const outcomes: AssertionOutcome[] = [];
  for (const spec of specs) outcomes.push(await runOne(spec, input));
  let totalWeight = 0;
  let total = 0;
  const metricSums = new Map<string, { score: number; weight: number }>();
  for (const outcome of outcomes) {
    total += outcome.score * outcome.weight;
    totalWeight += outcome.weight;
    if (outcome.metric !== undefined) {
      // As promptfoo does, a weight 0 assertion adds nothing to its metric: a metric fed only by
      // weight 0 assertions scores 0 whatever they found.
      const sum = metricSums.get(outcome.metric) ?? { score: 0, weight: 0 };
      metricSums.set(outcome.metric, { score: sum.score + outcome.score * outcome.weight, weight: sum.weight + outcome.weight });
    }
  }
  const score = totalWeight > 0 ? total / totalWeight : 0;
  const failures = outcomes.filter((outcome) => !outcome.pass);
  const error = outcomes.some((outcome) => outcome.error === true);
  let pass = failures.length === 0;
  let reason = failures.length === 0 ? "all assertions passed" : failures.map((failure) => `${failure.type}: ${failure.reason}`).join("; ");
  if (threshold !== undefined && !Number.isNaN(threshold)) {
    pass = score >= threshold;
    reason = `score ${score.toFixed(2)} ${pass ? "≥" : "<"} threshold ${threshold}${failures.length > 0 ? ` (${reason})` : ""}`;
  }
  const namedScores = Object.fromEntries([...metricSums].map(([name, sum]) => [name, sum.weight > 0 ? sum.score / sum.weight : 0]));
  const namedScoreWeights = Object.fromEntries([...metricSums].map(([name, sum]) => [name, sum.weight]));
  return { pass: pass && !error, score, reason, error, assertions: outcomes, namedScores, namedScoreWeights };
}

async function runOne(spec: AssertionSpec, input: CellAssertionInput): Promise<AssertionOutcome> {
  const { baseType, inverse } = splitAssertionType(spec.type);
  const weight = spec.weight ?? 1;
  const metric = spec.metric === undefined ? undefined : renderMetricName(spec.metric, input.vars);
  const base = { type: spec.type, weight, ...(metric === undefined ? {} : { metric }) };
  const handler = Object.hasOwn(assertionHandlers, baseType) ? assertionHandlers[baseType] : undefined;
  if (handler === undefined) return { ...base, pass: false, score: 0, error: true, reason: `unknown assertion type "${spec.type}"` };
  let result: AssertionResult;
  try {
    const value = await renderAssertionValue({ value: spec.value, baseType, vars: input.vars, baseDir: input.services.baseDir, templates: input.services.templates });
    result = await handler({ ...(await transformAssertionInput(spec, input)), assertion: spec, baseType, inverse, value });
  } catch (error) {
    if (input.services.signal.aborted) throw error;
    return { ...base, pass: false, score: 0, error: true, reason: error instanceof Error ? error.message : String(error) };
  }
  const pass = weight === 0 ? true : result.pass;
  return { ...base, pass, score: Number.isFinite(result.score) ? result.score : 0, reason: result.reason, ...(result.error ? { error: true } : {}), ...(result.metadata === undefined ? {} : { metadata: result.metadata }) };
}

/** A metric name is a template over the test's vars, as in promptfoo; one that fails to render stays as written. */
function renderMetricName(metric: string, vars: Record<string, unknown>): string {
  try {
    return renderTemplate(metric, vars, { strict: false });
  } catch {
    return metric;
  }
}
