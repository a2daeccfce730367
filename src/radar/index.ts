// The radar: feeds, model lists and prices watched; stories deduplicated, ranked for this
// project and summarised with citations; new models tried on the user's own evals.
export { runRadar } from "./run-radar.js";
export type { RunRadarOptions } from "./run-radar.js";
export { runDefaultRadar } from "./run-default-radar.js";
export { defaultPipeline } from "./default-pipeline.js";
export type { RadarContext, RadarPipeline, FetchStep, IngestStep, ClusterStep, RankStep, SummariseStep, WatchStep } from "./radar-pipeline.js";
export type * from "./radar-types.js";
export * from "./digest/index.js";
export { fetchFeeds, parseFeedItems, htmlToText } from "./fetch/index.js";
export { ingestItems, loadClusters, canonicalUrl } from "./dedup/index.js";
export { rankClusters, buildInterestProfile } from "./rank/index.js";
export { watchModels, listWatchedModels, recommend, RADAR_QUEUE, radarJobHandler } from "./watch/index.js";
