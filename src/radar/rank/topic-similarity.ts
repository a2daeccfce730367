import { cosine, embedTexts } from "../../rag/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { RadarCluster } from "../radar-types.js";

/** The embedding model titles and topics are compared with. */
const TOPIC_EMBEDDING_MODEL = "local:embed";

/**
 * Per cluster, the cosine of its title to the nearest topic, embedded in one batch. A title
 * vector stored by deduplication is reused when it has the topics' dimensions.
 */
export async function topicSimilarity(
  flywheel: Flywheel,
  options: { topics: readonly string[]; clusters: readonly RadarCluster[]; signal?: AbortSignal },
): Promise<{ cosine: number; topic: string }[]> {
  const { topics, clusters, signal } = options;
  const topicVectors = (await embedTexts(flywheel, { model: TOPIC_EMBEDDING_MODEL, texts: [...topics], inputType: "query", signal })).vectors;
  const dimensions = topicVectors[0]?.length ?? 0;
  const stored = clusters.map((cluster) => cluster.items.find((item) => item.title === cluster.title && item.titleVector?.length === dimensions)?.titleVector);
  const missing = stored.flatMap((vector, index) => (vector === undefined ? [index] : []));
  const embedded = (await embedTexts(flywheel, { model: TOPIC_EMBEDDING_MODEL, texts: missing.map((index) => clusters[index]!.title), inputType: "document", signal })).vectors;
  const titleVectors: Float32Array[] = stored.map((vector) => (vector === undefined ? new Float32Array(0) : Float32Array.from(vector)));
  missing.forEach((index, position) => (titleVectors[index] = embedded[position]!));
  return titleVectors.map((vector) => nearestTopic(vector, topicVectors, topics));
}

/** The topic nearest to a vector, by cosine. */
function nearestTopic(vector: Float32Array, topicVectors: readonly Float32Array[], topics: readonly string[]): { cosine: number; topic: string } {
  let best = { cosine: -1, topic: topics[0] ?? "" };
  topicVectors.forEach((topicVector, index) => {
    const similarity = cosine(vector, topicVector);
    if (similarity > best.cosine) best = { cosine: similarity, topic: topics[index]! };
  });
  return best;
}
