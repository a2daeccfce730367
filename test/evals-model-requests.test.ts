import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runEvalSuite } from "../src/evals/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

// What a promptfoo suite's model settings put on the wire, read back from the protocol
// server's request log: the promptfoo-compat fixtures check verdicts, this checks requests.

let server: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let folder: string;

beforeAll(async () => {
  server = await startProtocolServer();
  flywheel = await flywheelAgainst(server);
  folder = temporaryFolder("flywheel-model-requests-");
});
beforeEach(() => server.reset());
afterAll(async () => {
  await flywheel.close();
  await server.close();
});

function write(name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

type ChatBody = Record<string, unknown> & { messages: { role: string; content: unknown }[] };

async function chatBodies(suite: string): Promise<ChatBody[]> {
  const { run } = await runEvalSuite(flywheel, { file: write("suite.yaml", suite), cache: false, resume: false });
  expect(run.cells.filter((cell) => cell.status === "error").map((cell) => cell.error)).toEqual([]);
  return server.requests.filter((request) => request.path === "/v1/chat/completions").map((request) => request.body as ChatBody);
}

describe("model settings of a promptfoo suite, on the wire", () => {
  it("sends a json_schema response format with its name, schema and strictness, from the provider, a file, a prompt's config and a test's options", async () => {
    write("schema.yaml", "type: object\nproperties:\n  city: { type: string }\nrequired: [city]\n");
    write("format.json", JSON.stringify({ type: "json_schema", json_schema: { name: "from_file", schema: "file://schema.yaml" } }));
    const bodies = await chatBodies(`
prompts:
  - "Plain {{x}}"
  - id: "Configured {{x}}"
    config: { response_format: { type: json_object } }
providers:
  - id: openai:chat:gpt-4o-mini
    label: inline
    config:
      response_format: { type: json_schema, json_schema: { name: answer, strict: true, schema: { type: object, properties: { n: { type: integer } }, required: [n], additionalProperties: false } } }
  - id: openai:chat:gpt-4o-mini
    label: file
    config: { response_format: file://format.json }
tests:
  - vars: { x: a }
  - vars: { x: b }
    options: { response_format: { type: json_schema, json_schema: { name: per_test, schema: { type: object } } } }
`);
    const formatOf = (prompt: string, x: string, schemaName?: string) =>
      bodies.filter((body) => body.messages.at(-1)?.content === `${prompt} ${x}`).map((body) => body.response_format as { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } }).filter((format) => schemaName === undefined || format.json_schema?.name === schemaName);
    expect(formatOf("Plain", "a", "answer")).toEqual([{ type: "json_schema", json_schema: { name: "answer", strict: true, schema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"], additionalProperties: false } } }]);
    expect(formatOf("Plain", "a", "from_file")).toEqual([{ type: "json_schema", json_schema: { name: "from_file", strict: false, schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }]);
    // A prompt's config wins over the provider's, and a test's options over both, as in promptfoo.
    expect(formatOf("Configured", "a").map((format) => format.type)).toEqual(["json_object", "json_object"]);
    expect([...formatOf("Plain", "b"), ...formatOf("Configured", "b")].map((format) => format.json_schema?.name)).toEqual(["per_test", "per_test", "per_test", "per_test"]);
  });

  it("sends functions and tools (inline or from files) with their choice, and gives promptfoo's call shapes as the output", async () => {
    write("tools.yaml", "- type: function\n  function:\n    name: lookup\n    parameters: { type: object, properties: { q: { type: string } }, required: [q] }\n");
    const suite = `
prompts: ["Find {{x}}"]
providers:
  - id: openai:chat:tool-lookup
    label: functions
    config:
      functions: [{ name: lookup, description: Search, parameters: { type: object, properties: { q: { type: string } }, required: [q] } }]
      function_call: { name: lookup }
  - id: openai:chat:tool-lookup
    label: tools
    config: { tools: file://tools.yaml, tool_choice: required }
tests:
  - vars: { x: a }
    assert: [{ type: javascript, value: "Array.isArray(output) ? output[0].function.name === 'lookup' : output.name === 'lookup'" }]
`;
    const { run } = await runEvalSuite(flywheel, { file: write("suite.yaml", suite), cache: false, resume: false });
    const bodies = server.requests.map((request) => request.body as { tools: { type: string; function: { name: string; description?: string } }[]; tool_choice: unknown });
    expect(bodies.map((body) => body.tools.map((tool) => [tool.type, tool.function.name, tool.function.description]))).toEqual(expect.arrayContaining([[["function", "lookup", "Search"]], [["function", "lookup", undefined]]]));
    expect(bodies.map((body) => body.tool_choice)).toEqual(expect.arrayContaining([{ type: "function", function: { name: "lookup" } }, "required"]));
    const outputs = run.cells.map((cell) => JSON.parse(cell.output) as unknown);
    expect(outputs).toEqual(expect.arrayContaining([{ name: "lookup", arguments: '{"q":"test"}' }, [{ id: expect.stringMatching(/^call_/), type: "function", function: { name: "lookup", arguments: '{"q":"test"}' } }]]));
    expect(run.cells.map((cell) => cell.status)).toEqual(["pass", "pass"]);
  });

  it("sends reasoning_effort to reasoning models and verbosity to GPT-5 models only, as promptfoo does", async () => {
    const bodies = await chatBodies(`
prompts: ["Think {{x}}"]
providers:
  - { id: openai:chat:o3-mini, config: { reasoning_effort: high, verbosity: high } }
  - { id: openai:chat:gpt-5-mini, config: { reasoning_effort: low, verbosity: low } }
  - { id: openai:chat:gpt-4o-mini, config: { reasoning_effort: low, verbosity: low } }
tests: [{ vars: { x: a } }]
`);
    expect(bodies.map((body) => [body.model, body.reasoning_effort, body.verbosity]).sort()).toEqual([["gpt-4o-mini", undefined, undefined], ["gpt-5-mini", "low", "low"], ["o3-mini", "high", undefined]]);
  });

  it("sends the system messages of a JSON chat prompt where they stand", async () => {
    const bodies = await chatBodies(`
prompts:
  - '[{"role": "system", "content": "Be brief about {{x}}."}, {"role": "user", "content": "Tell me about {{x}}"}]'
providers: [openai:chat:gpt-4o-mini, anthropic:messages:claude-haiku-4-5]
tests: [{ vars: { x: tides } }]
`);
    expect(bodies[0]!.messages).toEqual([{ role: "system", content: "Be brief about tides." }, { role: "user", content: "Tell me about tides" }]);
    const anthropic = server.requests.find((request) => request.path === "/v1/messages")!.body as { system: { text: string }[] };
    expect(anthropic.system.map((part) => part.text)).toEqual(["Be brief about tides."]);
  });
});

describe("settings Flywheel cannot send", () => {
  it("are refused before any call, naming the key and where it is", async () => {
    const cwd = temporaryFolder("flywheel-model-requests-cli-");
    writeFileSync(path.join(cwd, "promptfooconfig.yaml"), `prompts: ["Hi {{x}}"]\nproviders:\n  - id: openai:chat:gpt-4o-mini\n    config:\n      functionToolCallbacks: { lookup: "file://callbacks.js:lookup" }\ntests: [{ vars: { x: a } }]\n`);
    const env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "model-requests-key-0001", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
    const result = await runCli(["eval", "-c", "promptfooconfig.yaml"], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: \S*promptfooconfig\.yaml: providers\[0\]\.config\.functionToolCallbacks: expected only settings Flywheel supports, found functionToolCallbacks, which Flywheel does not support$/m);
    expect(result.stderr).toMatch(/^hint: remove `functionToolCallbacks`/m);
    expect(result.stderr).not.toContain("    at ");
    expect(server.requests).toEqual([]);
  });
});

describe("ANTHROPIC_BASE_URL", () => {
  it("is the host root, as in the Anthropic SDK: requests go to <root>/v1/messages", async () => {
    const rooted = await flywheelAgainst(server, { env: { ANTHROPIC_BASE_URL: server.url } });
    try {
      const suite = write("anthropic.yaml", `prompts: ["Hi {{x}}"]\nproviders: [anthropic:messages:claude-haiku-4-5]\ntests: [{ vars: { x: a } }]\n`);
      const { run } = await runEvalSuite(rooted, { file: suite, cache: false, resume: false });
      expect(run.cells.map((cell) => cell.output)).toEqual(["You said: Hi a"]);
      expect(server.requests.map((request) => request.path)).toEqual(["/v1/messages"]);
    } finally {
      await rooted.close();
    }
  });
});
