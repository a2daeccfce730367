import { describe, expect, it } from "vitest";
import { DatasetTooSmallError } from "../dataset-errors.js";
import type { DatasetRow } from "../dataset-row.js";
import { splitRows } from "./grouped-split.js";

const topics = ["pasta", "phone", "hotel", "coffee", "novel", "concert", "laptop", "bicycle", "garden", "train", "museum", "sofa", "camera", "bakery", "river", "jacket"];
const moods = ["wonderful", "dreadful", "surprising", "boring", "charming"];

function corpus(): DatasetRow[] {
  const rows: DatasetRow[] = [];
  topics.forEach((topic, t) => {
    moods.forEach((mood, m) => {
      rows.push({ messages: [{ role: "user", content: `Tell me about the ${topic} which felt ${mood} number ${t * 10 + m}` }, { role: "assistant", content: `${mood} ${topic}` }] });
    });
    // A two-turn conversation and a near-duplicate of its first turn, which must stay together.
    const opening = `Plan a long weekend around the ${topic}, with a budget, a schedule for each day and a list of what to pack`;
    rows.push({ messages: [{ role: "user", content: opening }, { role: "assistant", content: "Here is a plan." }] });
    rows.push({ messages: [{ role: "user", content: opening }, { role: "assistant", content: "Here is a plan." }, { role: "user", content: "make it cheaper" }, { role: "assistant", content: "Cheaper plan." }] });
    rows.push({ messages: [{ role: "user", content: `${opening} please` }, { role: "assistant", content: "Sure, a plan." }] });
  });
  return rows;
}

describe("grouped split", () => {
  it("is deterministic by seed and independent of row order", () => {
    const rows = corpus();
    const a = splitRows(rows, { seed: 7 });
    const b = splitRows([...rows].reverse(), { seed: 7 });
    const bySplit = (result: ReturnType<typeof splitRows>) => new Map(result.rows.map((row) => [JSON.stringify(row.messages), row.split]));
    expect(bySplit(a)).toEqual(bySplit(b));
    expect(splitRows(rows, { seed: 8 }).rows.map((row) => row.split)).not.toEqual(a.rows.map((row) => row.split));
  });

  it("never lets turns of one conversation or near-duplicates straddle two splits", () => {
    const result = splitRows(corpus(), { seed: 3, fractions: { train: 0.6, validation: 0.2, test: 0.2 } });
    for (const topic of topics) {
      const related = result.rows.filter((row) => row.messages[0]!.content.startsWith(`Plan a long weekend around the ${topic},`));
      expect(related).toHaveLength(3);
      expect(new Set(related.map((row) => row.split)).size).toBe(1);
    }
    expect(result.counts.test).toBeGreaterThan(0);
    expect(result.counts.validation).toBeGreaterThan(0);
    expect(result.counts.train + result.counts.validation + result.counts.test).toBe(result.rows.length);
    expect(Math.abs(result.counts.test - 0.2 * result.rows.length)).toBeLessThanOrEqual(3);
  });

  it("refuses a dataset too small for the split", () => {
    const two: DatasetRow[] = corpus().slice(0, 2);
    expect(() => splitRows(two)).toThrow(DatasetTooSmallError);
    expect(splitRows(two, { fractions: { train: 1, validation: 0, test: 0 } }).counts.train).toBe(2);
  });
});
