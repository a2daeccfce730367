import type { RankStep } from "../radar-pipeline.js";
import { buildInterestProfile } from "./build-interest-profile.js";
import { judgedClusters } from "./judged-clusters.js";
import { scoreClusters } from "./score-clusters.js";
import { topicSimilarity } from "./topic-similarity.js";

/**
 * Ranks clusters for this user: matches with the interest profile (models by any spelling of
 * their names, topics, prompt, eval and collection terms), embedding similarity of titles to
 * the declared topics, the number of sources, recency, and feedback (clusters like those marked
 * useful rise, like those marked noise fall; one marked noise goes last).
 */
export const rankClusters: RankStep = async (context, clusters) => {
  if (clusters.length === 0) return [];
  const profile = await buildInterestProfile(context);
  context.progress(`ranking ${clusters.length} clusters against ${profile.entries.length} interests`);
  const topics = profile.topics.length === 0 ? undefined : await topicSimilarity(context.flywheel, { topics: profile.topics, clusters, signal: context.signal });
  const { judged, noise } = await judgedClusters(context.flywheel.store.radar);
  return scoreClusters({ profile, clusters, now: context.now, judged, noise, ...(topics === undefined ? {} : { topicSimilarity: topics }) });
};
