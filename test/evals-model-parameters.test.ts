import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseModelParameters } from "../src/evals/suite/model-parameters.js";

const baseDir = mkdtempSync(path.join(tmpdir(), "flywheel-model-parameters-"));
const parse = (config: Record<string, unknown>, unknownKeys = new Set<string>()) => parseModelParameters(config, { baseDir, file: "promptfooconfig.yaml", where: "providers[0].config", unknownKeys });

describe("parseModelParameters", () => {
  it("reads sampling settings, response formats and OpenAI settings, and leaves other keys to the caller", async () => {
    const unknownKeys = new Set<string>();
    const parameters = await parse({ temperature: 0.2, max_completion_tokens: 50, stop: "END", response_format: { type: "json_object" }, reasoning_effort: "low", verbosity: "high", apiKey: "k" }, unknownKeys);
    expect(parameters).toEqual({ temperature: 0.2, maxTokens: 50, stopSequences: ["END"], responseFormat: { type: "json_object" }, reasoningEffort: "low", verbosity: "high" });
    expect([...unknownKeys]).toEqual(["providers[0].config.apiKey"]);
  });

  it("loads a json_schema format and its schema from files, marking a format read from a file", async () => {
    writeFileSync(path.join(baseDir, "schema.json"), '{"type":"object","required":["a"]}');
    writeFileSync(path.join(baseDir, "format.yaml"), "type: json_schema\njson_schema:\n  name: f\n  schema: file://schema.json\n");
    expect((await parse({ response_format: "file://format.yaml" })).responseFormat).toEqual({ type: "json_schema", name: "f", schema: { type: "object", required: ["a"] }, fromFile: true });
    expect((await parse({ response_format: { type: "json_schema", schema: "file://schema.json", strict: true } })).responseFormat).toEqual({ type: "json_schema", name: "response", strict: true, schema: { type: "object", required: ["a"] } });
  });

  it("reads functions and tools, inline and from files, with the choice of call", async () => {
    writeFileSync(path.join(baseDir, "tools.js"), "module.exports.getTools = () => [{ type: 'function', function: { name: 'b' } }];\n");
    const functions = await parse({ functions: [{ name: "a", parameters: { type: "object" } }], function_call: { name: "a" } });
    expect(functions).toEqual({ tools: [{ name: "a", parameters: { type: "object" } }], toolChoice: { name: "a" }, callShape: "functions" });
    const tools = await parse({ tools: "file://tools.js:getTools", tool_choice: { type: "function", function: { name: "b" } } });
    expect(tools).toEqual({ tools: [{ name: "b", parameters: { type: "object", properties: {} } }], toolChoice: { name: "b" }, callShape: "tools" });
  });

  it("refuses, by key, settings Flywheel cannot send and values it cannot read", async () => {
    await expect(parse({ functionToolCallbacks: {} })).rejects.toThrow("promptfooconfig.yaml: providers[0].config.functionToolCallbacks: expected only settings Flywheel supports, found functionToolCallbacks, which Flywheel does not support");
    await expect(parse({ response_format: { type: "xml" } })).rejects.toThrow("providers[0].config.response_format.type: expected json_object, json_schema or text");
    await expect(parse({ response_format: { type: "json_schema", json_schema: { name: "x" } } })).rejects.toThrow("providers[0].config.response_format.json_schema.schema: expected a JSON schema object, found nothing");
    await expect(parse({ tools: [{ type: "code_interpreter" }] })).rejects.toThrow("providers[0].config.tools[0].type: expected function");
    await expect(parse({ functions: [{ name: "a" }], tools: [] })).rejects.toThrow("providers[0].config.functions: expected one of them, found both functions and tools");
    await expect(parse({ response_format: "file://format.txt" })).rejects.toThrow("providers[0].config.response_format: expected a file://path to a .json, .yaml or .yml file");
    await expect(parse({ response_format: { type: "json_schema", json_schema: { name: "{{name}}", schema: {} } } })).rejects.toThrow("providers[0].config.response_format: expected a value without templates");
    await expect(parse({ temperature: "hot" })).rejects.toThrow('providers[0].config.temperature: expected a number, found "hot"');
  });
});
