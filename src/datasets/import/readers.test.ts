import { describe, expect, it } from "vitest";
import { readCsv, parseCsvMapping } from "./read-csv.js";
import { readOpenAiJsonl } from "./read-openai-jsonl.js";
import { readPromptfoo } from "./read-promptfoo.js";

describe("import readers", () => {
  it("reads OpenAI chat JSONL and reports bad lines by number with the reason", () => {
    const text = [
      JSON.stringify({ messages: [{ role: "user", content: "hi" }, { role: "assistant", content: "hello" }] }),
      "{not json",
      "",
      JSON.stringify({ messages: [{ role: "wizard", content: "x" }] }),
      JSON.stringify({ messages: [{ role: "user", content: "no reply" }] }),
    ].join("\n");
    const result = readOpenAiJsonl(text);
    expect(result.rows).toHaveLength(1);
    expect(result.read).toBe(4);
    expect(result.problems.map((problem) => problem.line)).toEqual([2, 4, 5]);
    expect(result.problems[0]!.reason).toMatch(/not valid JSON/);
    expect(result.problems[1]!.reason).toMatch(/^messages\.0\.role/);
    expect(result.problems[2]!.reason).toMatch(/assistant's reply/);
  });

  it("reads CSV with a column mapping, quoted multi-line cells, and reports rows with the wrong shape", () => {
    const text = 'question,answer,part\n"What is 2+2?",4,train\n"Two\nlines",ok,test\nonly-one-column\n"empty answer",,train\nx,y,nowhere\n';
    const result = readCsv(text, parseCsvMapping("user=question,assistant=answer,split=part"));
    expect(result.rows.map((row) => [row.messages[0]!.content, row.split])).toEqual([
      ["What is 2+2?", "train"],
      ["Two\nlines", "test"],
    ]);
    expect(result.problems.map((problem) => problem.line)).toEqual([5, 6, 7]);
    expect(result.problems[0]!.reason).toMatch(/columns/);
    expect(result.problems[1]!.reason).toMatch(/empty answer/);
    expect(result.problems[2]!.reason).toMatch(/unknown split "nowhere"/);
  });

  it("finds the usual CSV column names without a mapping, and rejects a bad mapping", () => {
    expect(readCsv("input,output\nhi,hello\n").rows[0]!.messages.map((message) => message.role)).toEqual(["user", "assistant"]);
    expect(() => parseCsvMapping("speaker=who")).toThrow(/invalid column mapping/);
    expect(() => readCsv("a,b\n1,2\n")).toThrow(/no column for the user message/);
  });

  it("reads promptfoo tests: the input var becomes the user message, equals the reply", () => {
    const text = [
      "prompts: ['{{question}}']",
      "tests:",
      "  - vars:",
      "      question: Capital of France?",
      "    assert:",
      "      - type: equals",
      "        value: Paris",
      "  - vars:",
      "      question: Capital of Spain?",
      "    assert:",
      "      - type: contains",
      "        value: Madrid",
      "  - vars:",
      "      question: Capital of Italy?",
      "      expected: Rome",
    ].join("\n");
    const result = readPromptfoo(text);
    expect(result.rows.map((row) => row.messages.map((message) => message.content))).toEqual([
      ["Capital of France?", "Paris"],
      ["Capital of Italy?", "Rome"],
    ]);
    expect(result.problems).toEqual([{ line: 8, reason: "no expected output (an output variable or an equals assertion)" }]);
  });
});
