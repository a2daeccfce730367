/** Ranking quality of one query. */
export interface QueryMetrics {
  ndcgAt10: number;
  recallAt10: number;
  recallAt100: number;
  mrrAt10: number;
}

/**
 * nDCG@10 (linear gain, as trec_eval and BEIR compute it), recall@10, recall@100 and MRR@10 of a
 * ranked list of document ids against graded judgments (a score above 0 is relevant).
 */
export function queryMetrics(ranked: string[], judged: Map<string, number>): QueryMetrics {
  const relevant = [...judged].filter(([, score]) => score > 0);
  const gain = (id: string) => Math.max(0, judged.get(id) ?? 0);
  const dcg = ranked.slice(0, 10).reduce((sum, id, index) => sum + gain(id) / Math.log2(index + 2), 0);
  const ideal = relevant
    .map(([, score]) => score)
    .sort((a, b) => b - a)
    .slice(0, 10)
    .reduce((sum, score, index) => sum + score / Math.log2(index + 2), 0);
  const recall = (k: number) => (relevant.length === 0 ? 0 : ranked.slice(0, k).filter((id) => gain(id) > 0).length / relevant.length);
  const firstRelevant = ranked.slice(0, 10).findIndex((id) => gain(id) > 0);
  return { ndcgAt10: ideal === 0 ? 0 : dcg / ideal, recallAt10: recall(10), recallAt100: recall(100), mrrAt10: firstRelevant === -1 ? 0 : 1 / (firstRelevant + 1) };
}

/** The mean of each metric over queries. */
export function meanMetrics(all: QueryMetrics[]): QueryMetrics {
  const mean = (pick: (metrics: QueryMetrics) => number) => (all.length === 0 ? 0 : all.reduce((sum, metrics) => sum + pick(metrics), 0) / all.length);
  return { ndcgAt10: mean((m) => m.ndcgAt10), recallAt10: mean((m) => m.recallAt10), recallAt100: mean((m) => m.recallAt100), mrrAt10: mean((m) => m.mrrAt10) };
}
