// Radar ranking: the user's interest profile (topics, traced models, prompts, evals, collections),
// the score and one-line reason of each cluster, and feedback that moves similar clusters.
export { rankClusters } from "./rank-clusters.js";
export { buildInterestProfile } from "./build-interest-profile.js";
export { scoreClusters, DEFAULT_RANK_WEIGHTS } from "./score-clusters.js";
export type { JudgedCluster, RankWeights, ScoreClustersOptions } from "./score-clusters.js";
export { topicSimilarity } from "./topic-similarity.js";
export { clusterText } from "./cluster-text.js";
export { topicInterest, modelUsageInterest, modelMentionInterest, workInterest, mergeInterests } from "./interest-entries.js";
export type { InterestEntry, InterestKind, InterestProfile } from "./interest-profile.js";
export { ndcgAt } from "./ndcg.js";
