import { durationMs } from "../../config/index.js";
import type { RadarItemRecord } from "../../store/index.js";
import type { IngestStep } from "../radar-pipeline.js";
import type { FeedItem } from "../radar-types.js";
import { canonicalUrl } from "./canonical-url.js";
import { embedTitles } from "./embed-titles.js";
import { groupDuplicates } from "./group-duplicates.js";
import { contentHash, itemId } from "./item-identity.js";
import { itemTime } from "./item-time.js";

/** How far back stored items are looked at when `radar.since` cannot be read. */
const DEFAULT_WINDOW_MS = 7 * 86_400_000;

/**
 * Stores new items with their identity (canonical URL, content hash, title embedding) and files
 * each into a cluster: the cluster of a stored item in the window (`radar.since` back from now),
 * or of an item with the same content hash, when it tells the same story; else a new cluster,
 * named after its earliest item. An item whose canonical URL is already stored is `seen`.
 */
export const ingestItems: IngestStep = async (context, feedItems) => {
  const store = context.flywheel.store.radar;
  const candidates = distinctById(feedItems.map((item) => identify(item, context.now)));
  const stored = new Set((await store.items(candidates.map((item) => item.id))).map((item) => item.id));
  const fresh = candidates.filter((item) => !stored.has(item.id));
  const seen = feedItems.length - fresh.length;
  if (fresh.length === 0) return { newItems: 0, seen };

  const since = context.now - (durationMs(context.config.since) ?? DEFAULT_WINDOW_MS);
  const neighbours = distinctById([...(await store.recentItems({ since })), ...(await store.itemsByContentHash([...new Set(fresh.map((item) => item.contentHash))]))]);
  const unembedded = neighbours.filter((item) => item.titleVector === undefined);
  const vectors = await embedTitles(context, [...fresh, ...unembedded].map((item) => item.title));
  fresh.forEach((item, index) => (item.titleVector = vectors[index]));
  unembedded.forEach((item, index) => (item.titleVector = vectors[fresh.length + index]));
  await store.saveTitleVectors(unembedded.map((item) => ({ itemId: item.id, vector: item.titleVector! })));

  const all = [...neighbours, ...fresh];
  const roots = groupDuplicates(
    all.map((item, index) => ({
      title: item.title,
      text: item.text,
      contentHash: item.contentHash,
      canonicalUrl: item.canonicalUrl,
      ...(item.titleVector === undefined ? {} : { titleVector: item.titleVector }),
      ...(item.clusterId === "" ? {} : { clusterId: item.clusterId }),
      fresh: index >= neighbours.length,
    })),
  );
  const clusterOf = clusterIds(all, roots);
  const moved = neighbours.flatMap((item, index) => (clusterOf.get(roots[index]!) === item.clusterId ? [] : [{ itemId: item.id, clusterId: clusterOf.get(roots[index]!)! }]));
  await store.assignClusters(moved);
  const added = await store.addItems(fresh.map((item, index) => ({ ...item, clusterId: clusterOf.get(roots[neighbours.length + index]!)! })));
  context.progress(`items: ${added.length} new, ${seen} seen, ${new Set(roots.slice(neighbours.length)).size} stories among the new`);
  return { newItems: added.length, seen: feedItems.length - added.length };
};

/** A feed item with its identity, not yet in a cluster. */
function identify(item: FeedItem, now: number): RadarItemRecord {
  const canonical = canonicalUrl(item.url);
  return {
    id: itemId(canonical, item.sourceUrl),
    sourceUrl: item.sourceUrl,
    sourceName: item.sourceName,
    url: item.url,
    canonicalUrl: canonical,
    ...(item.guid === undefined ? {} : { guid: item.guid }),
    title: item.title,
    text: item.text,
    ...(item.publishedAt === undefined ? {} : { publishedAt: item.publishedAt }),
    fetchedAt: now,
    contentHash: contentHash(item.title, item.text),
    clusterId: "",
  };
}

/**
 * Each group's cluster id: the stored cluster of its earliest stored item (so stored clusters
 * keep their ids, and one that a new item bridges to is folded into the older), else the id of
 * its earliest new item.
 */
function clusterIds(items: readonly RadarItemRecord[], roots: readonly number[]): Map<number, string> {
  const chosen = new Map<number, RadarItemRecord>();
  items.forEach((item, index) => {
    const current = chosen.get(roots[index]!);
    if (current === undefined || precedes(item, current)) chosen.set(roots[index]!, item);
  });
  return new Map([...chosen].map(([root, item]) => [root, item.clusterId === "" ? item.id : item.clusterId]));
}

/** Stored items (those with a cluster) before new ones, then earlier before later. */
function precedes(a: RadarItemRecord, b: RadarItemRecord): boolean {
  const storedA = a.clusterId !== "";
  return storedA !== (b.clusterId !== "") ? storedA : itemTime(a) < itemTime(b);
}

function distinctById<T extends { id: string }>(items: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()];
}

