import { describe, expect, it } from "vitest";
import { runScheduled } from "./scheduler.js";

describe("runScheduled", () => {
  it("keeps the global and per-group limits, and rate-limits a group", async () => {
    const items = [...Array.from({ length: 12 }, (_, index) => ({ group: "fast", index })), ...Array.from({ length: 4 }, (_, index) => ({ group: "slow", index }))];
    const active = new Map<string, number>();
    let total = 0;
    const peaks = { total: 0, fast: 0, slow: 0 };
    const slowStarts: number[] = [];
    await runScheduled(items, {
      concurrency: 4,
      signal: new AbortController().signal,
      groupOf: (item) => item.group,
      limitsOf: (group) => (group === "slow" ? { concurrency: 1, perMinute: 1200 } : { concurrency: 3 }),
      run: async (item) => {
        total += 1;
        active.set(item.group, (active.get(item.group) ?? 0) + 1);
        peaks.total = Math.max(peaks.total, total);
        peaks[item.group as "fast" | "slow"] = Math.max(peaks[item.group as "fast" | "slow"], active.get(item.group)!);
        if (item.group === "slow") slowStarts.push(performance.now());
        await new Promise((resolve) => setTimeout(resolve, 5));
        total -= 1;
        active.set(item.group, active.get(item.group)! - 1);
      },
    });
    expect(peaks).toEqual({ total: 4, fast: 3, slow: 1 });
    expect(slowStarts).toHaveLength(4);
    // 1200 a minute: at least 50 ms between starts (a little timer slack allowed).
    for (let index = 1; index < slowStarts.length; index += 1) expect(slowStarts[index]! - slowStarts[index - 1]!).toBeGreaterThanOrEqual(45);
  });

  it("starts nothing new once aborted and waits for the items in flight", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    let finished = 0;
    await runScheduled(Array.from({ length: 10 }, (_, index) => index), {
      concurrency: 2,
      signal: controller.signal,
      groupOf: () => "g",
      limitsOf: () => ({}),
      run: async (item) => {
        started.push(item);
        if (item === 1) controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 10));
        finished += 1;
      },
    });
    expect(started).toEqual([0, 1]);
    expect(finished).toBe(2);
  });
});
