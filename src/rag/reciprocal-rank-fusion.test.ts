import { describe, expect, it } from "vitest";
import { citedNumbers } from "./citations.js";
import { queryTerms } from "./query-terms.js";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion.js";

describe("reciprocalRankFusion", () => {
  it("sums weight / (k + rank) across rankings and records each rank", () => {
    const fused = reciprocalRankFusion(
      [
        { name: "vector", weight: 1, items: ["a", "b", "c"] },
        { name: "bm25", weight: 0.5, items: ["c", "a"] },
      ],
      { key: (item) => item, k: 60 },
    );
    expect(fused.map((entry) => entry.item)).toEqual(["a", "c", "b"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 0.5 / 62, 12);
    expect(fused[1]!.ranks).toEqual({ vector: 3, bm25: 1 });
  });
});

describe("queryTerms and citedNumbers", () => {
  it("keeps only words, drops stopwords unless nothing else is left", () => {
    expect(queryTerms('How do "retries" work? NEAR(a b) OR x*')).toEqual(["retries", "work", "near", "b", "x"]);
    expect(queryTerms("what is it")).toEqual(["what", "is", "it"]);
  });
  it("reads [1], [2, 3] and [4][5] within range, in order of first use", () => {
    expect(citedNumbers("A [2]. B [1, 3][2] C [9] [4][5]", 5)).toEqual([2, 1, 3, 4, 5]);
  });
});
