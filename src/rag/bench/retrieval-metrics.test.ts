import { describe, expect, it } from "vitest";
import { meanMetrics, queryMetrics } from "./retrieval-metrics.js";

describe("queryMetrics", () => {
  it("computes nDCG@10 with linear graded gain, recall@k and MRR@10 as trec_eval does", () => {
    const judged = new Map([
      ["a", 2],
      ["b", 1],
      ["c", 0],
      ["d", 1],
    ]);
    const metrics = queryMetrics(["c", "a", "x", "b"], judged);
    const dcg = 2 / Math.log2(3) + 1 / Math.log2(5);
    const ideal = 2 / Math.log2(2) + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(metrics.ndcgAt10).toBeCloseTo(dcg / ideal, 10);
    expect(metrics.recallAt10).toBeCloseTo(2 / 3, 10);
    expect(metrics.mrrAt10).toBe(0.5);
    expect(queryMetrics(["x", "y"], judged)).toEqual({ ndcgAt10: 0, recallAt10: 0, recallAt100: 0, mrrAt10: 0 });
    expect(meanMetrics([metrics, queryMetrics(["a", "b", "d"], judged)]).ndcgAt10).toBeCloseTo((dcg / ideal + 1) / 2, 10);
  });
});
