import { FlywheelError } from "../../errors/index.js";
import { addressList } from "../../network/index.js";
import type { NetworkPolicy } from "../../network/index.js";
import type { FetchStep, RadarContext } from "../radar-pipeline.js";
import type { FeedItem, SourceFailure } from "../radar-types.js";
import { fetchFeed } from "./fetch-feed.js";
import { createHostGate } from "./host-gate.js";
import type { HostGate } from "./host-gate.js";

type Source = { url: string; name?: string };

/**
 * Reads every feed in `radar.sources`: conditional GETs with the validators of the last
 * fetch, one request at a time per host spaced by `fetch.hostDelayMs`, up to
 * `fetch.concurrency` hosts at once. A feed that fails is reported as a SourceFailure and the
 * others go on; each fetch, failed or not, is recorded in the store for the next run.
 */
export const fetchFeeds: FetchStep = async (context) => {
  const { config } = context;
  const sources = [...new Map(config.sources.map((entry) => (typeof entry === "string" ? { url: entry } : entry)).map((source) => [source.url, source])).values()];
  const policy: NetworkPolicy = { ...(config.allowHosts ? { allowHosts: config.allowHosts } : {}), allowedAddresses: addressList(config.allowPrivateAddresses, "radar.allowPrivateAddresses") };
  const gate = createHostGate(config.fetch.hostDelayMs);
  const byHost = new Map<string, Source[]>();
  for (const source of sources) {
    const host = new URL(source.url).host;
    byHost.set(host, [...(byHost.get(host) ?? []), source]);
  }
  const results = new Map<string, { items: FeedItem[] } | { failure: SourceFailure }>();
  const hosts = [...byHost.values()];
  // Workers take whole hosts, so a host never has two requests in flight.
  const worker = async () => {
    for (let group = hosts.shift(); group !== undefined; group = hosts.shift()) {
      for (const source of group) results.set(source.url, await readSource(context, source, policy, gate));
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.fetch.concurrency, hosts.length) }, worker));
  const items: FeedItem[] = [];
  const failures: SourceFailure[] = [];
  for (const source of sources) {
    const result = results.get(source.url);
    if (result === undefined) continue;
    if ("failure" in result) failures.push(result.failure);
    else items.push(...result.items);
  }
  return { items, failures, sources: sources.length };
};

async function readSource(context: RadarContext, source: Source, policy: NetworkPolicy, gate: HostGate): Promise<{ items: FeedItem[] } | { failure: SourceFailure }> {
  const radar = context.flywheel.store.radar;
  const previous = await radar.sourceState(source.url);
  const validators = { ...(previous?.etag ? { etag: previous.etag } : {}), ...(previous?.lastModified ? { lastModified: previous.lastModified } : {}) };
  try {
    const fetched = await fetchFeed({ source, previous, fetch: context.config.fetch, policy, gate, ...(context.signal ? { signal: context.signal } : {}) });
    if (fetched.notModified) {
      await radar.saveSourceState({ url: source.url, ...validators, fetchedAt: context.now, status: fetched.status, itemCount: previous?.itemCount ?? 0 });
      context.progress(`not modified ${source.url}`);
      return { items: [] };
    }
    const next = { ...(fetched.etag ? { etag: fetched.etag } : {}), ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}) };
    await radar.saveSourceState({ url: source.url, ...next, fetchedAt: context.now, status: fetched.status, itemCount: fetched.items.length });
    context.progress(`fetched ${source.url}: ${fetched.items.length} ${fetched.items.length === 1 ? "item" : "items"}`);
    return { items: fetched.items };
  } catch (error) {
    if (context.signal?.aborted || !FlywheelError.isInstance(error)) throw error;
    const status = "status" in error && typeof error.status === "number" ? error.status : 0;
    // The validators of the last good fetch stay: the items they vouch for were read.
    await radar.saveSourceState({ url: source.url, ...validators, fetchedAt: context.now, status, error: error.message, itemCount: previous?.itemCount ?? 0 });
    context.progress(`failed ${source.url}: ${error.message}`);
    return { failure: { source: source.url, code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } };
  }
}
