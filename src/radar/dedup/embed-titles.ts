import type { RadarContext } from "../radar-pipeline.js";

/** The embedder of item titles: the embedded model, so grouping needs no network and no key. */
const TITLE_EMBEDDING_MODEL = "local:embed";
/** Titles per embedding call: small enough to report progress often, large enough to batch well. */
const BATCH = 64;

/** Embeds titles in batches with the embedded embedder, reporting progress after each batch. */
export async function embedTitles(context: RadarContext, titles: readonly string[]): Promise<number[][]> {
  if (titles.length === 0) return [];
  const { embedMany } = await import("ai");
  const model = context.flywheel.embeddingModel(TITLE_EMBEDDING_MODEL);
  const vectors: number[][] = [];
  for (let start = 0; start < titles.length; start += BATCH) {
    const values = titles.slice(start, start + BATCH);
    const result = await embedMany({ model, values, maxRetries: 0, abortSignal: context.signal });
    vectors.push(...result.embeddings);
    context.progress(`embedding titles: ${vectors.length}/${titles.length}`);
  }
  return vectors;
}
