import { ingestItems, loadClusters } from "./dedup/index.js";
import { summariseClusters } from "./digest/index.js";
import { fetchFeeds } from "./fetch/index.js";
import type { RadarPipeline } from "./radar-pipeline.js";
import { rankClusters } from "./rank/index.js";
import { watchModels } from "./watch/index.js";

/** The radar's steps as `flywheel radar run` wires them. */
export const defaultPipeline: RadarPipeline = { fetch: fetchFeeds, ingest: ingestItems, clusters: loadClusters, rank: rankClusters, summarise: summariseClusters, watch: watchModels };
