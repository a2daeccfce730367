import { describe, expect, it } from "vitest";
import type { WatchSuiteResult } from "../radar-types.js";
import { recommend } from "./recommend.js";

function suite(difference: [number, number, number], costs: [number | undefined, number | undefined] = [0.002, 0.002], latencies: [number, number] = [100, 100]): WatchSuiteResult {
  const side = (model: string, cost: number | undefined, latencyMs: number) => ({ model, passRate: { estimate: 0.8, low: 0.6, high: 0.9 }, costPerRequestUsd: cost, latencyMs });
  return {
    suite: "suite.yaml",
    evalRunId: "run",
    cases: 20,
    baseline: side("openai:old", costs[0], latencies[0]),
    candidate: side("openai:new", costs[1], latencies[1]),
    difference: { estimate: difference[0], low: difference[1], high: difference[2], pValue: 0.5, confidence: 0.95 },
  };
}

describe("recommend", () => {
  it("switches to a model whose interval lies above 0", () => {
    expect(recommend([suite([0.3, 0.1, 0.5])])).toBe("switch");
  });

  it("switches to a model no worse by more than the margin that is cheaper or faster on every suite", () => {
    expect(recommend([suite([0, -0.04, 0.04], [0.002, 0.001])])).toBe("switch");
    expect(recommend([suite([0, -0.04, 0.04], [0.002, 0.002], [100, 80])])).toBe("switch");
  });

  it("keeps the model in use when the candidate is worse on any suite", () => {
    expect(recommend([suite([0.3, 0.1, 0.5]), suite([-0.3, -0.5, -0.1], [0.002, 0.001])])).toBe("keep");
  });

  it("has not enough evidence when the interval is wide, the candidate no cheaper or faster, prices unknown, or nothing ran", () => {
    expect(recommend([suite([0, -0.3, 0.3], [0.002, 0.001])])).toBe("not enough evidence");
    expect(recommend([suite([0, -0.04, 0.04], [0.002, 0.003], [100, 95])])).toBe("not enough evidence");
    expect(recommend([suite([0, -0.04, 0.04], [undefined, 0.001])])).toBe("not enough evidence");
    expect(recommend([])).toBe("not enough evidence");
  });
});
