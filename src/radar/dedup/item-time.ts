import type { RadarItemRecord } from "../../store/index.js";

/** When an item happened: its publication time, else when it was first fetched (epoch ms). */
export function itemTime(item: Pick<RadarItemRecord, "publishedAt" | "fetchedAt">): number {
  return item.publishedAt ?? item.fetchedAt;
}
