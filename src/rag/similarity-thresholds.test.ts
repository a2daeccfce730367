import { describe, expect, it } from "vitest";
import type { ModelInfo } from "../models/index.js";
import { localCatalog } from "../models/model-store/index.js";
import { attributionSimilarity, defaultAttributionSimilarity, fallbackRelevantScore, relevantScore } from "./similarity-thresholds.js";

const info = (similarity?: ModelInfo["similarity"]): ModelInfo => ({
  id: "local:test",
  provider: "local",
  type: "embedding",
  capabilities: { tools: false, json: false, vision: false },
  source: "provider",
  ...(similarity ? { similarity } : {}),
});

describe("cosine thresholds per embedding model", () => {
  it("uses a model's measured relevance level, and 0.3 for a model without one", () => {
    expect(relevantScore(info({ unrelated: 0.4, relevant: 0.62 }))).toBe(0.62);
    expect(relevantScore(info())).toBe(fallbackRelevantScore);
  });

  it("moves the citation threshold onto a model's scale: higher where unrelated text already scores high", () => {
    expect(attributionSimilarity(info())).toBe(defaultAttributionSimilarity);
    expect(attributionSimilarity(info({ unrelated: 0, relevant: 0.3 }))).toBeCloseTo(0.85, 6);
    const bgeLike = attributionSimilarity(info({ unrelated: 0.4, relevant: 0.6 }));
    expect(bgeLike).toBeGreaterThan(0.85);
    expect(bgeLike).toBeLessThan(1);
  });

  it("has measured levels for every local embedding model, with relevant above unrelated", () => {
    for (const entry of localCatalog.filter((candidate) => candidate.kind === "embedding" && candidate.embedding?.similarity !== undefined)) {
      const { unrelated, relevant } = entry.embedding!.similarity!;
      expect(relevant, entry.alias).toBeGreaterThan(unrelated);
    }
  });
});
