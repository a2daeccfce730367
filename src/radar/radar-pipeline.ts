import type { RadarConfig } from "../config/index.js";
import type { Flywheel } from "../runtime/index.js";
import type { DigestEntry, FeedItem, ModelChange, ModelWatchResult, RadarCluster, RankedCluster, SourceFailure } from "./radar-types.js";

/** What every step of a radar run gets. */
export interface RadarContext {
  flywheel: Flywheel;
  /** `flywheel.config.radar`, with defaults. */
  config: RadarConfig;
  /** The project folder (prompt files, eval suites and relative paths are found from here). */
  cwd: string;
  /** The run's clock (epoch ms). */
  now: number;
  signal?: AbortSignal;
  /** Reports progress of long work, one short line at a time (the CLI prints it on stderr). */
  progress(message: string): void;
}

/** Reads every configured feed (conditional GET); a failing feed is reported, the others go on. */
export type FetchStep = (context: RadarContext) => Promise<{ items: FeedItem[]; failures: SourceFailure[]; sources: number }>;

/** Stores new items with their identity, and files each into a cluster (a new one, or the cluster of its duplicates). */
export type IngestStep = (context: RadarContext, items: readonly FeedItem[]) => Promise<{ newItems: number; seen: number }>;

/** The clusters with at least one item published (or fetched) at or after `since`. */
export type ClusterStep = (context: RadarContext, since: number) => Promise<RadarCluster[]>;

/** Scores clusters against the user's interest profile and feedback; most relevant first, each with its one-line reason. */
export type RankStep = (context: RadarContext, clusters: readonly RadarCluster[]) => Promise<RankedCluster[]>;

/** Summarises ranked clusters with the configured model, every sentence cited. */
export type SummariseStep = (context: RadarContext, clusters: readonly RankedCluster[]) => Promise<DigestEntry[]>;

/** Diffs model lists and prices with the last snapshot and evaluates what changed (no listing when offline). */
export type WatchStep = (context: RadarContext, options: { offline: boolean }) => Promise<{ changes: ModelChange[]; results: ModelWatchResult[]; failures: SourceFailure[] }>;

/** The steps of a radar run, in order. */
export interface RadarPipeline {
  fetch: FetchStep;
  ingest: IngestStep;
  clusters: ClusterStep;
  rank: RankStep;
  summarise: SummariseStep;
  watch: WatchStep;
}
