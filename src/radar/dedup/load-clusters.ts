import type { ClusterStep } from "../radar-pipeline.js";
import type { RadarCluster, RadarItem } from "../radar-types.js";
import { itemTime } from "./item-time.js";

/**
 * The clusters with an item published (or fetched) at or after `since`, with all their items
 * (earlier ones too), latest story first.
 */
export const loadClusters: ClusterStep = async (context, since) => {
  const store = context.flywheel.store.radar;
  const clusterIds = [...new Set((await store.recentItems({ since })).map((item) => item.clusterId))];
  const byCluster = new Map<string, RadarItem[]>();
  for (const item of await store.clusterItems(clusterIds)) byCluster.set(item.clusterId, [...(byCluster.get(item.clusterId) ?? []), item]);
  return [...byCluster].map(([id, items]) => toCluster(id, items)).sort((a, b) => b.lastSeenAt - a.lastSeenAt || (a.id < b.id ? -1 : 1));
};

/** A cluster of its items: earliest first, headed by the earliest item's title. */
function toCluster(id: string, items: RadarItem[]): RadarCluster {
  const ordered = [...items].sort((a, b) => itemTime(a) - itemTime(b) || (a.id < b.id ? -1 : 1));
  return {
    id,
    title: ordered[0]!.title,
    items: ordered,
    sources: [...new Set(ordered.map((item) => item.sourceName))],
    firstSeenAt: itemTime(ordered[0]!),
    lastSeenAt: Math.max(...ordered.map(itemTime)),
  };
}
