import type { RadarCluster, RankedCluster } from "../radar-types.js";
import { clusterText } from "./cluster-text.js";
import { feedbackSimilarity } from "./feedback-similarity.js";
import type { InterestProfile } from "./interest-profile.js";
import { interestMatcher } from "./match-interests.js";

/** How the signals of a cluster add up to its score (chosen on the tune set of `bench/radar-rank.ts`). */
export interface RankWeights {
  /** Embedding similarity of the title to the nearest declared topic (rescaled to 0..1). */
  embedding: number;
  /** Per doubling of the number of sources telling the story. */
  sources: number;
  /** Recency: this much for a story seen now, half of it after `halfLifeDays`. */
  recency: number;
  halfLifeDays: number;
  /** Similarity to the nearest cluster marked useful. */
  useful: number;
  /** Similarity to the nearest cluster marked noise (subtracted). */
  noise: number;
}

/**
 * The weights `rankClusters` uses: embedding and sources as tuned (bench/radar-rank.ts). Recency
 * tuned to 0 (the labels do not depend on a story's age within the window); a small weight
 * keeps it as the order among stories of equal interest. Feedback cannot be tuned on a set
 * whose top 5 are all useful, so it is small: enough to move similar stories, not to reorder
 * what the profile ranks well.
 */
export const DEFAULT_RANK_WEIGHTS: RankWeights = { embedding: 1, sources: 0.02, recency: 0.02, halfLifeDays: 3, useful: 0.1, noise: 0.25 };

/**
 * Cosine below this is no closer than unrelated text (MiniLM gives 0.3-0.4 to titles that only
 * share a word like "models"; 0.4 left nDCG@10 with the shipped weights unchanged on both
 * labelled sets); at `COSINE_FULL` and above, a full match.
 */
const COSINE_FLOOR = 0.4;
const COSINE_FULL = 0.7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What `scoreClusters` weighs. */
export interface ScoreClustersOptions {
  profile: InterestProfile;
  clusters: readonly RadarCluster[];
  /** The clock recency is measured from (epoch ms). */
  now: number;
  /** Per cluster (same order), the title's cosine to its nearest topic and that topic; absent without embeddings. */
  topicSimilarity?: readonly { cosine: number; topic: string }[];
  /** Clusters the user marked useful or noise (in this ranking or earlier ones): similar clusters rise or fall. */
  judged?: readonly JudgedCluster[];
  /** Ids of clusters the user marked noise: ranked after all others. */
  noise?: ReadonlySet<string>;
  weights?: RankWeights;
}

/** A cluster the user judged, by its words. */
export interface JudgedCluster {
  title: string;
  /** `clusterText` of the cluster. */
  text: string;
  verdict: "useful" | "noise";
}

/** Scores clusters and sorts them, most relevant first, each with the one-line reason of its strongest signal. */
export function scoreClusters(options: ScoreClustersOptions): RankedCluster[] {
  const weights = options.weights ?? DEFAULT_RANK_WEIGHTS;
  const match = interestMatcher(options.profile);
  const texts = options.clusters.map(clusterText);
  const interests = options.clusters.map((cluster, index) => match(cluster.title, texts[index]!.slice(cluster.title.length)));
  const judged = options.judged ?? [];
  const feedback = feedbackSimilarity(
    texts.map((text, index) => ({ text, interests: interests[index]!.contributions })),
    judged.map((entry) => ({ text: entry.text, verdict: entry.verdict, interests: match(entry.title, entry.text.slice(entry.title.length)).contributions })),
  );
  const noise = options.noise ?? new Set<string>();
  const ranked = options.clusters.map((cluster, index) => {
    const interest = interests[index]!;
    const similar = options.topicSimilarity?.[index];
    const closeness = similar === undefined ? 0 : weights.embedding * Math.min(1, Math.max(0, (similar.cosine - COSINE_FLOOR) / (COSINE_FULL - COSINE_FLOOR)));
    // Nearness in meaning stands in for a topic's words, not on top of them: a title that names the topic gains nothing more.
    const embedding = Math.max(0, closeness - interest.topic);
    const sources = weights.sources * Math.log2(Math.max(1, cluster.sources.length));
    const ageDays = Math.max(0, options.now - cluster.lastSeenAt) / DAY_MS;
    const recency = weights.recency * 0.5 ** (ageDays / weights.halfLifeDays);
    const lift = weights.useful * feedback[index]!.useful;
    const score = interest.strength + embedding + sources + recency + lift - weights.noise * feedback[index]!.noise;
    const strongest = Math.max(interest.best?.contribution ?? 0, embedding);
    const reason = noise.has(cluster.id)
      ? "you marked it noise"
      : lift > strongest
        ? "like a story you marked useful"
        : embedding > (interest.best?.contribution ?? 0)
          ? `close to your topic "${similar!.topic}"`
          : (interest.best?.reason ?? (cluster.sources.length > 1 ? `told by ${cluster.sources.length} sources` : "recent, no match with your interests"));
    return { ...cluster, score: round(score), reason };
  });
  return ranked.sort((a, b) => Number(noise.has(a.id)) - Number(noise.has(b.id)) || b.score - a.score || b.lastSeenAt - a.lastSeenAt || a.id.localeCompare(b.id));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
