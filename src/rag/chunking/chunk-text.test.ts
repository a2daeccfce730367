import { describe, expect, it } from "vitest";
import { estimateTokens, truncateToTokens } from "../token-counter.js";
import { chunkText } from "./chunk-text.js";

const options = { chunkSize: 40, chunkOverlap: 8, countTokens: estimateTokens };

describe("chunkText", () => {
  it("cuts markdown at headings, keeps heading paths and line ranges, and never splits inside a short code block", async () => {
    const markdown = [
      "# Guide", // 1
      "", // 2
      "Intro paragraph.", // 3
      "", // 4
      "## Install", // 5
      "", // 6
      "```sh", // 7
      "# not a heading", // 8
      "npm install flywheel", // 9
      "```", // 10
      "", // 11
      "### Windows", // 12
      "", // 13
      "Use PowerShell.", // 14
    ].join("\n");
    const chunks = await chunkText([{ text: markdown }], { ...options, format: "markdown" });
    expect(chunks.map((chunk) => [chunk.headingPath, chunk.location])).toEqual([
      [["Guide"], { lineStart: 3, lineEnd: 3 }],
      [["Guide", "Install"], { lineStart: 7, lineEnd: 10 }],
      [["Guide", "Install", "Windows"], { lineStart: 14, lineEnd: 14 }],
    ]);
    expect(chunks[1]!.text).toContain("# not a heading");
  });

  it("fills chunks up to the token budget, never over it, and overlaps neighbours", async () => {
    const text = Array.from({ length: 60 }, (_, index) => `Sentence number ${index} talks about retries.`).join(" ");
    const chunks = await chunkText([{ text }], { ...options, format: "text" });
    expect(chunks.length).toBeGreaterThan(5);
    // A chunk's count includes the two special tokens the model adds once; the budget is for its text.
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(40 + 2);
    // Counting the special tokens once per chunk, not once per word joined, fills each chunk.
    for (const chunk of chunks.slice(0, -1)) expect(chunk.tokenCount).toBeGreaterThan(36);
    const tail = chunks[0]!.text.split(" ").slice(-3).join(" ");
    expect(chunks[1]!.text).toContain(tail);
  });

  it("chunks a 10 MB line without whitespace in seconds, every chunk within the budget and the text kept whole", async () => {
    const text = `start ${"x".repeat(10_000_000)} end`;
    const started = performance.now();
    const chunks = await chunkText([{ text }], { ...options, format: "text" });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(chunks.every((chunk) => chunk.tokenCount - 2 <= options.chunkSize)).toBe(true);
    expect(chunks.map((chunk) => chunk.text).join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
  });

  it("reads a markdown heading line with a long run of spaces in linear time, and drops a closing run of #", async () => {
    const started = performance.now();
    const chunks = await chunkText([{ text: `# Title${" ".repeat(50_000)}x\n\nBody.\n\n## Closed ##\n\nMore.\n\n## C#\n\nSharp.` }], { ...options, format: "markdown" });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(chunks.map((chunk) => chunk.headingPath.at(-1)?.replace(/ +/, " "))).toEqual(["Title x", "Closed", "C#"]);
  });

  it("gives PDF chunks their page", async () => {
    const chunks = await chunkText([{ text: "First page.", page: 1 }, { text: "Second page.", page: 2 }], { ...options, format: "text" });
    expect(chunks.map((chunk) => chunk.location)).toEqual([{ page: 1 }, { page: 2 }]);
  });
});

describe("truncateToTokens", () => {
  it("cuts at a word boundary within the budget", () => {
    const text = "one two three four five six seven eight nine ten";
    const cut = truncateToTokens(text, 7);
    expect(estimateTokens(cut)).toBeLessThanOrEqual(7);
    expect(text.startsWith(cut)).toBe(true);
    expect(cut.endsWith(" ")).toBe(false);
    expect(truncateToTokens("short", 100)).toBe("short");
  });
});
