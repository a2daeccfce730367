import { randomUUID } from "node:crypto";
import { durationMs } from "../config/index.js";
import { toFlywheelError } from "../errors/index.js";
import { postWebhook } from "./digest/index.js";
import type { RadarContext, RadarPipeline } from "./radar-pipeline.js";
import type { Digest, SourceFailure } from "./radar-types.js";

/** Options of one radar run; each defaults from `radar` in config. */
export interface RunRadarOptions {
  /** How far back the digest looks, in milliseconds (default `radar.since`). */
  since?: number;
  /** Most clusters in the digest (default `radar.limit`). */
  limit?: number;
  /** Fetch nothing and list no provider models: re-rank and summarise what is stored. */
  offline?: boolean;
  /** Told of a failure that does not fail the run (the webhook); default `context.progress`. */
  warn?(message: string): void;
}

/**
 * One radar run: fetch the feeds (not offline), store and cluster the new items, rank the
 * clusters of the window against the user's profile, summarise the top `limit`, diff and
 * evaluate models, save the digest, then post it to the webhook. A failing source or webhook
 * is reported and the run goes on; the digest lists failed sources.
 */
export async function runRadar(context: RadarContext, options: RunRadarOptions, pipeline: RadarPipeline): Promise<Digest> {
  const started = performance.now();
  const { config } = context;
  const offline = options.offline ?? false;
  const since = context.now - (options.since ?? durationMs(config.since)!);
  const fetched = offline ? { items: [], failures: [], sources: 0 } : await pipeline.fetch(context);
  const ingested = await pipeline.ingest(context, fetched.items);
  const clusters = await pipeline.clusters(context, since);
  const ranked = (await pipeline.rank(context, clusters)).slice(0, options.limit ?? config.limit);
  const entries = await pipeline.summarise(context, ranked);
  const watch = await pipeline.watch(context, { offline });
  const failures: SourceFailure[] = [...fetched.failures, ...watch.failures];
  const digest: Digest = {
    id: randomUUID(),
    createdAt: context.now,
    since,
    entries,
    modelChanges: watch.changes,
    modelWatch: watch.results,
    failures,
    stats: { sources: fetched.sources, itemsNew: ingested.newItems, itemsSeen: ingested.seen, clusters: clusters.length, elapsedMs: Math.round(performance.now() - started) },
  };
  await context.flywheel.store.radar.saveDigest({ id: digest.id, createdAt: digest.createdAt, body: digest });
  if (config.webhook !== undefined) {
    try {
      await postWebhook(digest, { webhook: config.webhook, env: context.flywheel.config.env, timeoutMs: config.fetch.timeoutMs, signal: context.signal });
    } catch (error) {
      if (context.signal?.aborted === true) throw error;
      (options.warn ?? context.progress)(`the digest was saved, but ${toFlywheelError(error).message}`);
    }
  }
  return digest;
}
