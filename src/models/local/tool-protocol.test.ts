import { describe, expect, it } from "vitest";
import type { LanguageModelV4FunctionTool } from "@ai-sdk/provider";
import { toGrammarSchema } from "./grammar-schema.js";
import { promptToHistory } from "./prompt-to-history.js";
import { buildToolProtocol, parseToolReply } from "./tool-protocol.js";

const weather: LanguageModelV4FunctionTool = {
  type: "function",
  name: "getWeather",
  description: "Weather for a city",
  inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false },
};
const time: LanguageModelV4FunctionTool = { type: "function", name: "getTime", inputSchema: { type: "object", properties: {} } };

describe("tool protocol", () => {
  it("offers every tool and then the final_answer action when the choice is auto", () => {
    const protocol = buildToolProtocol([weather, time], { type: "auto" })!;
    const options = (protocol.schema as { oneOf: { properties: Record<string, { const?: string }>; required: string[] }[] }).oneOf;
    expect(options.map((option) => option.properties.tool?.const)).toEqual(["getWeather", "getTime", "final_answer"]);
    // A one-sentence thought comes first, so the model plans before it picks an action; its length is bounded.
    expect(options.every((option) => option.required.join() === "thought,tool,arguments")).toBe(true);
    expect(options.every((option) => (option.properties.thought as { maxLength?: number }).maxLength! <= 200)).toBe(true);
    expect(protocol.instructions).toContain("getWeather: Weather for a city");
    expect(protocol.instructions).toMatch(/final_answer: Gives your final answer/);
    expect(protocol.afterResults).toContain("final_answer");
  });

  it("allows only the named tool, and none when the choice is none", () => {
    const only = buildToolProtocol([weather, time], { type: "tool", toolName: "getTime" })!;
    expect(only.schema).toMatchObject({ properties: { tool: { const: "getTime" } } });
    expect(only.instructions).not.toContain("final_answer");
    expect(only.schema).toMatchObject({ required: ["tool", "arguments"] });
    expect(buildToolProtocol([weather], { type: "none" })).toBeUndefined();
    expect(buildToolProtocol([], { type: "required" })).toBeUndefined();
  });

  it("turns replies into tool calls or text", () => {
    const [call] = parseToolReply('{"thought": "I need the weather.", "tool": "getWeather", "arguments": {"city": "Paris"}}');
    expect(call).toMatchObject({ type: "tool-call", toolName: "getWeather", input: '{"city":"Paris"}' });
    expect(parseToolReply('{"thought": "I know it.", "tool": "final_answer", "arguments": {"answer": "It is sunny."}}')).toEqual([{ type: "text", text: "It is sunny." }]);
    expect(parseToolReply("not json")).toEqual([{ type: "text", text: "not json" }]);
  });
});

describe("grammar schema", () => {
  it("rewrites anyOf and draft-07 definitions into what the grammar generator reads, dropping the rest", () => {
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { value: { anyOf: [{ type: "string", pattern: "^a" }, { $ref: "#/definitions/n" }] }, when: { type: "string", format: "email" } },
      definitions: { n: { type: "number", minimum: 0 } },
    };
    expect(toGrammarSchema(schema)).toEqual({
      type: "object",
      properties: { value: { oneOf: [{ type: "string" }, { $ref: "#/$defs/n" }] }, when: { type: "string" } },
      $defs: { n: { type: "number" } },
    });
    expect(toGrammarSchema({ type: "object" })).toEqual({ type: "object", additionalProperties: true });
  });
});

describe("prompt to chat history", () => {
  it("merges system prompts, writes tool calls as protocol JSON and tool results as user turns with what to do next", () => {
    const history = promptToHistory(
      [
        { role: "system", content: "Be brief." },
        { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
        { role: "assistant", content: [{ type: "tool-call", toolCallId: "1", toolName: "getWeather", input: { city: "Paris" } }] },
        { role: "tool", content: [{ type: "tool-result", toolCallId: "1", toolName: "getWeather", output: { type: "json", value: { sky: "clear" } } }] },
      ],
      { instructions: "Tools: ...", afterResults: "Now answer." },
    );
    expect(history).toEqual([
      { type: "system", text: "Be brief.\n\nTools: ..." },
      { type: "user", text: "Weather in Paris?" },
      { type: "model", response: ['{"tool":"getWeather","arguments":{"city":"Paris"}}'] },
      { type: "user", text: 'Result of getWeather: {"sky":"clear"}\nNow answer.' },
      { type: "model", response: [] },
    ]);
  });
});
