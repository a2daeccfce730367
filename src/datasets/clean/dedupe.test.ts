import { describe, expect, it } from "vitest";
import type { DatasetRow } from "../dataset-row.js";
import { cleanRows } from "./clean-rows.js";
import { removeExactDuplicates, removeNearDuplicates } from "./dedupe.js";

const row = (user: string, reply = "ok"): DatasetRow => ({ messages: [{ role: "system", content: "Be brief." }, { role: "user", content: user }, { role: "assistant", content: reply }] });

describe("dedupe", () => {
  it("removes exact duplicates and keeps the first", () => {
    const result = removeExactDuplicates([row("a b c"), row("d e f"), row("a b c")]);
    expect(result.removed).toBe(1);
    expect(result.rows.map((item) => item.messages[1]!.content)).toEqual(["a b c", "d e f"]);
  });

  it("removes near-duplicates above the threshold and keeps rows below it", () => {
    const base = "the delivery arrived two days late and the box was crushed on one side so I am not happy with the shop";
    const rows = [row(base), row(`${base} at all`), row("my new headphones sound wonderful and the battery lasts for a whole week of commuting")];
    const strict = removeNearDuplicates(rows, { threshold: 0.7 });
    expect(strict.removed).toBe(1);
    expect(strict.examples[0]!.similarity).toBeGreaterThanOrEqual(0.7);
    expect(removeNearDuplicates(rows, { threshold: 0.99 }).removed).toBe(0);
  });

  it("ignores the shared system prompt, so templated tasks are not all duplicates", () => {
    const rows = ["I loved the pasta", "The phone broke in a week", "Great hotel staff", "Awful cold coffee"].map((text) => row(text));
    expect(removeNearDuplicates(rows, { threshold: 0.5 }).removed).toBe(0);
  });

  it("reports each cleaning step and drops rows over the context limit", () => {
    const long = row("word ".repeat(400));
    const { rows, steps } = cleanRows([row("a@b.co says hi"), row("a@b.co says hi"), long], { maxTokens: 200 });
    expect(rows).toHaveLength(1);
    expect(steps.map((step) => [step.step, step.removed])).toEqual([
      ["pii-scrub", 0],
      ["exact-dedupe", 1],
      ["near-dedupe", 0],
      ["context-limit", 1],
    ]);
    expect((steps[0]!.details.replaced as { email: number }).email).toBe(2);
  });
});
