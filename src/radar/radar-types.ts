import type { RadarItemRecord, RadarModelRecord } from "../store/index.js";

/** One entry of a feed as parsed, before it is stored. */
export interface FeedItem {
  /** The feed it came from. */
  sourceUrl: string;
  /** The source's name: its configured name, else the feed's title, else its host. */
  sourceName: string;
  /** The entry's link (absolute). */
  url: string;
  title: string;
  /** Plain text of the entry's summary or content (HTML reduced to text; never markup). */
  text: string;
  /** Publication time (epoch ms) when the feed gives one. */
  publishedAt?: number;
  /** The feed's own id of the entry (guid, id). */
  guid?: string;
}

/** A stored item: a feed entry with its identity and the cluster it belongs to. */
export type RadarItem = RadarItemRecord;

/** Items that tell the same story, from one or several sources. */
export interface RadarCluster {
  id: string;
  /** The cluster's headline (its earliest item's title). */
  title: string;
  /** Its items, earliest first. */
  items: RadarItem[];
  /** The distinct source names, in order of first appearance. */
  sources: string[];
  /** Earliest item's publication (or fetch) time, epoch ms. */
  firstSeenAt: number;
  /** Latest item's publication (or fetch) time, epoch ms. */
  lastSeenAt: number;
}

/** How much a cluster matters to this user, and why, in one line. */
export interface Relevance {
  /** Higher is more relevant; comparable within one ranking only. */
  score: number;
  /** One line a user can check: "you call anthropic:claude-haiku-4-5 1,204 times a week". */
  reason: string;
}

/** A cluster with its relevance. */
export interface RankedCluster extends RadarCluster, Relevance {}

/** One numbered citation of a digest entry: `[n]` in the summary points at the item. */
export interface DigestCitation {
  n: number;
  itemId: string;
  url: string;
  title: string;
  source: string;
}

/** One cluster as the digest shows it. */
export interface DigestEntry {
  clusterId: string;
  title: string;
  score: number;
  reason: string;
  /** Sentences, each ending with one or more `[n]` citations to `citations`. */
  summary: string;
  citations: DigestCitation[];
  sources: string[];
}

/** A source that could not be read in a run; the run goes on without it. */
export interface SourceFailure {
  source: string;
  /** The error's code (e.g. `network_refused`, `feed_malformed`). */
  code: string;
  message: string;
  hint?: string;
}

/** What a provider's model list or the catalog says of one model. */
export type WatchedModel = RadarModelRecord;

/** A change found by diffing the model lists and prices with the last snapshot. */
export interface ModelChange {
  kind: "new-model" | "price-change";
  model: WatchedModel;
  /** The facts before the change (price changes only). */
  before?: WatchedModel;
}

/** `switch`, `keep` or `not enough evidence`, read off the paired comparison. */
export type WatchRecommendation = "switch" | "keep" | "not enough evidence";

/** How one model did on a model-watch suite. */
export interface WatchModelSide {
  model: string;
  /** Share of cases passed, with its interval. */
  passRate: { estimate: number; low: number; high: number };
  /** Mean cost per request in US dollars (0 for local models; undefined when unknown). */
  costPerRequestUsd: number | undefined;
  /** Mean latency per request in milliseconds. */
  latencyMs: number | undefined;
}

/** One suite's paired comparison of a changed model with the one in use. */
export interface WatchSuiteResult {
  /** The suite file. */
  suite: string;
  evalRunId: string;
  cases: number;
  baseline: WatchModelSide;
  candidate: WatchModelSide;
  /** Candidate minus baseline pass rate: estimate, interval and p-value of the paired test. */
  difference: { estimate: number; low: number; high: number; pValue: number; confidence: number };
}

/** A model-watch evaluation: a changed model against the one in use, on the user's suites. */
export interface ModelWatchResult {
  change: ModelChange;
  baselineModel: string;
  suites: WatchSuiteResult[];
  recommendation: WatchRecommendation;
  /** Dollars spent on this comparison, both models. */
  costUsd: number;
  /** Why no evaluation ran (no suites, budget spent), when none did. */
  skipped?: string;
}

/** One run's digest. */
export interface Digest {
  id: string;
  createdAt: number;
  /** The window looked at (epoch ms). */
  since: number;
  entries: DigestEntry[];
  modelChanges: ModelChange[];
  modelWatch: ModelWatchResult[];
  failures: SourceFailure[];
  /** Counts of the run: sources fetched, items new, clusters ranked, time taken. */
  stats: { sources: number; itemsNew: number; itemsSeen: number; clusters: number; elapsedMs: number };
}
