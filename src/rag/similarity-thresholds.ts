import type { ModelInfo } from "../models/index.js";

/** The least best-hit cosine for `ask` to answer, for an embedding model that has no measured levels. */
export const fallbackRelevantScore = 0.3;

/**
 * The least cosine between an answer sentence and a passage sentence for a citation, as measured
 * with all-MiniLM-L6-v2 (about 40 answer sentences of SmolLM2-135M over the README: sentences
 * repeating a passage scored 0.87 to 1.00; unsupported ones at most 0.84, restating the question
 * around an invented detail; correct paraphrases 0.59 to 0.69, which get no citation rather than
 * risk a wrong one).
 */
export const defaultAttributionSimilarity = 0.85;

/** all-MiniLM-L6-v2's mean cosine of unrelated text (-0.002 measured), the scale `defaultAttributionSimilarity` was measured on. */
const attributionScaleUnrelated = 0;

/** The least best-hit cosine that counts as relevant with this embedding model: its measured level, else 0.3. */
export function relevantScore(info: ModelInfo): number {
  return info.similarity?.relevant ?? fallbackRelevantScore;
}

/**
 * `defaultAttributionSimilarity` moved onto this model's scale: the same share of the way from
 * its unrelated level to 1 (bge-small's unrelated text sits near 0.4, so 0.85 there means much
 * less than with MiniLM). Models without measured levels keep 0.85.
 */
export function attributionSimilarity(info: ModelInfo): number {
  const unrelated = info.similarity?.unrelated;
  if (unrelated === undefined) return defaultAttributionSimilarity;
  return unrelated + ((defaultAttributionSimilarity - attributionScaleUnrelated) / (1 - attributionScaleUnrelated)) * (1 - unrelated);
}
