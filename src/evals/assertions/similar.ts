import type { AssertionHandler, AssertionResult } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { cosineSimilarity } from "./cosine-similarity.js";

/**
 * `similar`: the similarity of the output's embedding and the value's reaches the threshold
 * (default 0.75). The embedder is the assertion's `provider`, else the suite's `embedder`.
 * `similar:dot` uses the dot product; `similar:euclidean` the distance, which must stay AT
 * MOST the threshold (score 1 / (1 + distance)). Verdicts and scores are promptfoo 0.123.1's,
 * odd parts included: scores are not clamped (a negative cosine scores below 0, `not-similar`
 * scores 1 - similarity); with a list of values, the first that passes decides (else the best
 * score, failing), and `not-similar` must hold for every value, scoring the lowest.
 */
export const similar: AssertionHandler = async ({ value, outputText, assertion, baseType, inverse, services }) => {
  const references = typeof value === "string" ? [value] : Array.isArray(value) ? value.map(String) : [];
  if (references.length === 0 || references.some((reference) => reference === "")) throw new AssertionValueError('"similar" needs a text (or a list of texts) to compare with');
  const measure = baseType.split(":")[1] ?? "cosine";
  if (!["cosine", "dot", "euclidean"].includes(measure)) throw new AssertionValueError(`unknown similarity measure "${measure}" (use similar, similar:dot or similar:euclidean)`);
  const threshold = assertion.threshold ?? 0.75;
  const modelId = assertion.provider ?? services.embedder;
  const [outputVector, ...referenceVectors] = await services.embed({ modelId, texts: [outputText, ...references] });
  const results = referenceVectors.map((vector) => judge(measure, measureOf(measure, outputVector!, vector), threshold, inverse, modelId));
  if (results.length === 1) return results[0]!;
  if (inverse) return results.find((result) => !result.pass) ?? results.reduce((lowest, result) => (result.score < lowest.score ? result : lowest));
  const passed = results.find((result) => result.pass);
  if (passed !== undefined) return passed;
  const best = Math.max(...results.map((result) => result.score));
  return { pass: false, score: best, reason: `none of the ${results.length} values reached the similarity threshold ${threshold} (${modelId})`, metadata: { similarity: best, embedder: modelId } };
};

function judge(measure: string, value: number, threshold: number, inverse: boolean, modelId: string): AssertionResult {
  if (measure === "euclidean") {
    const metadata = { distance: value, embedder: modelId };
    const pass = inverse ? value >= threshold - Number.EPSILON : value <= threshold + Number.EPSILON;
    const normalized = 1 / (1 + value);
    return { pass, score: inverse ? 1 - normalized : normalized, reason: `distance ${value.toFixed(3)} ${value <= threshold ? "≤" : ">"} ${threshold}${inverse ? " (negated)" : ""} (${modelId})`, metadata };
  }
  const pass = inverse ? value <= threshold + Number.EPSILON : value >= threshold - Number.EPSILON;
  const metadata = { similarity: value, embedder: modelId };
  return { pass, score: inverse ? 1 - value : value, reason: `similarity ${value.toFixed(3)} ${value >= threshold ? "≥" : "<"} ${threshold}${inverse ? " (negated)" : ""} (${modelId})`, metadata };
}

function measureOf(measure: string, a: number[], b: number[]): number {
  if (measure === "cosine") return cosineSimilarity(a, b);
  if (measure === "dot") return a.reduce((sum, item, index) => sum + item * b[index]!, 0);
  return Math.sqrt(a.reduce((sum, item, index) => sum + (item - b[index]!) ** 2, 0));
}
