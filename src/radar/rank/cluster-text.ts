import type { RadarCluster } from "../radar-types.js";

/** Characters of each item's text that count towards a cluster's words (the lead says what a story is about). */
const ITEM_TEXT_CHARS = 800;

/** The words a cluster is judged by: its title, then each item's title and the start of its text. */
export function clusterText(cluster: Pick<RadarCluster, "title" | "items">): string {
  return [cluster.title, ...cluster.items.map((item) => `${item.title}\n${item.text.slice(0, ITEM_TEXT_CHARS)}`)].join("\n");
}
