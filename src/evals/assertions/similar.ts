import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { cosineSimilarity } from "./cosine-similarity.js";

/**
 * `similar`: the cosine similarity of the output's embedding and the value's (or the
 * closest of a list of values) reaches the threshold (default 0.75). The embedder is
 * the assertion's `provider`, else the suite's `embedder` (default `local:embed`).
 * `similar:dot` uses the dot product and `similar:euclidean` 1 / (1 + distance).
 */
export const similar: AssertionHandler = async ({ value, outputText, assertion, baseType, inverse, services }) => {
  const references = typeof value === "string" ? [value] : Array.isArray(value) ? value.map(String) : [];
  if (references.length === 0 || references.some((reference) => reference === "")) throw new AssertionValueError('"similar" needs a text (or a list of texts) to compare with');
  const threshold = assertion.threshold ?? 0.75;
  const modelId = assertion.provider ?? services.embedder;
  const [outputVector, ...referenceVectors] = await services.embed({ modelId, texts: [outputText, ...references] });
  const measure = baseType.split(":")[1] ?? "cosine";
  const similarities = referenceVectors.map((vector) => similarity(measure, outputVector!, vector));
  const best = Math.max(...similarities);
  const within = best >= threshold;
  const pass = within !== inverse;
  return {
    pass,
    score: Math.min(1, Math.max(0, inverse ? 1 - best : best)),
    reason: `${pass ? "" : "expected "}similarity ${best.toFixed(3)} ${within ? "≥" : "<"} ${threshold}${inverse ? " (negated)" : ""} (${modelId})`,
    metadata: { similarity: best, embedder: modelId },
  };
};

function similarity(measure: string, a: number[], b: number[]): number {
  if (measure === "cosine") return cosineSimilarity(a, b);
  if (measure === "dot") return a.reduce((sum, item, index) => sum + item * b[index]!, 0);
  if (measure === "euclidean") return 1 / (1 + Math.sqrt(a.reduce((sum, item, index) => sum + (item - b[index]!) ** 2, 0)));
  throw new AssertionValueError(`unknown similarity measure "${measure}" (use similar, similar:dot or similar:euclidean)`);
}
