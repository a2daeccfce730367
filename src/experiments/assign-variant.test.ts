import { describe, expect, it } from "vitest";
import { assignVariant } from "./assign-variant.js";

const equal = { variants: { A: {}, B: {} } };

describe("assignVariant", () => {
  it("gives a unit the same variant on every call, and known variants for known units", () => {
    const first = Array.from({ length: 200 }, (_, index) => assignVariant({ name: "greeting", experiment: equal, unit: `user-${index}` }));
    const again = Array.from({ length: 200 }, (_, index) => assignVariant({ name: "greeting", experiment: equal, unit: `user-${index}` }));
    expect(again).toEqual(first);
    // Pinned (computed apart, from SHA-256 of "greeting:user-<i>"): the same in every process and on every machine.
    expect(Array.from({ length: 8 }, (_, index) => assignVariant({ name: "greeting", experiment: equal, unit: `user-${index}` }))).toEqual(["A", "A", "A", "A", "A", "A", "B", "A"]);
  });

  it("splits 10,000 units by the weights, normalised from 1 or from 100", () => {
    for (const weights of [{ A: 0.2, B: 0.3, C: 0.5 }, { A: 20, B: 30, C: 50 }]) {
      const experiment = { variants: { A: { weight: weights.A }, B: { weight: weights.B }, C: { weight: weights.C } } };
      const counts: Record<string, number> = { A: 0, B: 0, C: 0 };
      for (let index = 0; index < 10_000; index += 1) counts[assignVariant({ name: "weighted", experiment, unit: `u${index}` })]! += 1;
      // Binomial sd at n = 10,000 is at most 50 units: 4 sd either way.
      expect(Math.abs(counts.A! - 2_000)).toBeLessThan(200);
      expect(Math.abs(counts.B! - 3_000)).toBeLessThan(200);
      expect(Math.abs(counts.C! - 5_000)).toBeLessThan(200);
    }
  });

  it("gives equal shares without weights, and reshuffles units when the salt changes", () => {
    const counts: Record<string, number> = { A: 0, B: 0 };
    let moved = 0;
    for (let index = 0; index < 10_000; index += 1) {
      const unit = `u${index}`;
      const variant = assignVariant({ name: "greeting", experiment: equal, unit });
      counts[variant]! += 1;
      if (assignVariant({ name: "greeting", experiment: { ...equal, salt: "round-2" }, unit }) !== variant) moved += 1;
    }
    expect(Math.abs(counts.A! - 5_000)).toBeLessThan(200);
    // Independent halves: about half the units change arm.
    expect(Math.abs(moved - 5_000)).toBeLessThan(200);
  });
});
