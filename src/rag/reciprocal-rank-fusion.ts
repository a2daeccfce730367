/** One ranking to fuse and how much it counts. */
export interface WeightedRanking<T> {
  name: string;
  weight: number;
  /** Best first. */
  items: T[];
}

/** An item with its fused score and its 1-based rank in each ranking that had it. */
export interface FusedItem<T> {
  item: T;
  score: number;
  ranks: Record<string, number>;
}

/**
 * Reciprocal rank fusion: each item scores the sum over rankings of `weight / (k + rank)`.
 * It needs no score calibration between BM25 and cosine similarity, only ranks. `k` has no
 * default here: search takes it from `rag.rrfK` in config.
 */
export function reciprocalRankFusion<T>(rankings: WeightedRanking<T>[], options: { key: (item: T) => string | number; k: number }): FusedItem<T>[] {
  const { k } = options;
  const fused = new Map<string | number, FusedItem<T>>();
  for (const ranking of rankings) {
    ranking.items.forEach((item, index) => {
      const key = options.key(item);
      const entry = fused.get(key) ?? { item, score: 0, ranks: {} };
      entry.score += ranking.weight / (k + index + 1);
      entry.ranks[ranking.name] = index + 1;
      fused.set(key, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
