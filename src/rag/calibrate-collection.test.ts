import { describe, expect, it } from "vitest";
import { chooseSearchMode } from "./calibrate-collection.js";

describe("chooseSearchMode", () => {
  it("chooses BM25 alone when vector search finds far fewer pseudo-queries than BM25", () => {
    expect(chooseSearchMode({ vector: 0.14, bm25: 0.55 })).toMatchObject({ mode: "bm25", reason: expect.stringContaining("25% as many") });
  });

  it("lets the vector ranking lead the fusion when it finds most of what BM25 finds", () => {
    expect(chooseSearchMode({ vector: 0.66, bm25: 0.95 })).toMatchObject({ mode: "hybrid", weights: { vector: 1, bm25: 0.25 } });
  });

  it("keeps the config's hybrid weights in between, and when nothing was found at all", () => {
    expect(chooseSearchMode({ vector: 0.4, bm25: 0.8 })).toEqual({ mode: "hybrid", reason: expect.stringContaining("neither ranking") });
    expect(chooseSearchMode({ vector: 0, bm25: 0 })).toEqual({ mode: "hybrid", reason: "neither ranking found the pseudo-queries" });
  });
});
