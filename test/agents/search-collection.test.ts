import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAgentTools } from "../../src/agents/index.js";
import { loadConfig } from "../../src/config/index.js";
import { ingest, search } from "../../src/rag/index.js";
import { createFlywheel } from "../../src/runtime/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { temporaryFolder } from "../support/flywheel-fixture.js";
import { localProviderHandle, modelHome } from "../support/local-provider-handle.js";
import { useProtocolServer } from "../support/protocol-server/index.js";
import type { ProtocolServer } from "../support/protocol-server/index.js";
import { runCli } from "../support/run-cli.js";

// search_collection over a real collection: the handbook ingested with the embedded embedder
// (local:embed), the tool configured in the config file that both the library and the CLI read.
const handbook = path.join(import.meta.dirname, "..", "fixtures", "handbook");
let server: ProtocolServer;
let folder: string;
let env: Record<string, string>;
let flywheel: Flywheel;

useProtocolServer((started) => (server = started));
beforeAll(async () => {
  folder = temporaryFolder("flywheel-search-tool-");
  cpSync(handbook, path.join(folder, "handbook"), { recursive: true });
  writeFileSync(path.join(folder, "flywheel.config.yaml"), "defaultEmbeddingModel: local:embed\nagents:\n  tools:\n    search_collection:\n      collection: handbook\n      k: 3\n");
  // The embedded models' store is shared with the other tests, so the spawned CLI finds local:embed too.
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "search-tool-key-123456", FLYWHEEL_HOME: modelHome, FLYWHEEL_DB: path.join(folder, "flywheel.db"), NO_COLOR: "1" };
  flywheel = await createFlywheel({ config: await loadConfig({ cwd: folder, env }), providers: { local: localProviderHandle() } });
  const summary = await ingest(flywheel, { collection: "handbook", inputs: ["handbook"], cwd: folder });
  expect(summary).toMatchObject({ embeddingModel: "local:embed", added: 10 });
}, 120_000);
afterAll(async () => {
  await flywheel?.close();
});

/** The numbered passages of a search_collection result: number, source, text. */
function passages(output: string): { number: number; source: string; text: string }[] {
  return output.split(/\n\n(?=\[\d+\] )/).map((passage) => {
    const match = /^\[(\d+)\] \(([^)]+)\) ([\s\S]*)$/.exec(passage);
    expect(match, passage).not.toBeNull();
    return { number: Number(match![1]), source: match![2]!, text: match![3]! };
  });
}

describe("search_collection over an ingested collection", () => {
  it("returns the configured number of numbered passages with sources, the right document first for a paraphrased question", async () => {
    const loaded = await loadAgentTools(flywheel, { builtIn: ["search_collection"] });
    try {
      const [tool] = loaded.tools;
      expect(tool!.name).toBe("search_collection");
      expect(tool!.description).toContain('"handbook"');
      const run = (input: { query: string; k?: number }) => tool!.execute(input, { signal: new AbortController().signal, toolCallId: "call_1" }) as Promise<string>;

      const question = "How often does the bread culture need feeding, and with what?";
      const found = passages(await run({ query: question }));
      expect(found.map((passage) => passage.number)).toEqual([1, 2, 3]);
      expect(found[0]!.source).toBe("handbook/ops/sourdough-starter.md");
      expect(found[0]!.text).toContain("rye flour and lukewarm water");
      // The passages are the collection's search, in its order (hybrid, the configured mode).
      const { hits } = await search(flywheel, { collection: "handbook", query: question, k: 3 });
      expect(found.map((passage) => [passage.source, passage.text])).toEqual(hits.map((hit) => [hit.source, hit.text]));

      const gas = passages(await run({ query: "Where can I turn off the gas supply?", k: 1 }));
      expect(gas).toEqual([{ number: 1, source: "handbook/ops/oven-safety.md", text: expect.stringContaining("gas") }]);
    } finally {
      await loaded.close();
    }
  });

  it("serves `flywheel agent --tools search_collection`: the model's search gets the passages and answers from them", async () => {
    let toolResult: string | undefined;
    server.script("librarian", (request) => {
      const result = request.messages.find((message) => message.role === "tool");
      if (result === undefined) return { toolCalls: [{ name: "search_collection", arguments: { query: "How many vacation days do we get each year?" } }] };
      toolResult = result.content;
      return { text: "Members get 30 days of paid leave a year [1]." };
    });
    const run = await runCli(["agent", "How much paid leave do members get?", "--model", "openai:librarian", "--tools", "search_collection"], { cwd: folder, env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('→ search_collection {"query":"How many vacation days do we get each year?"}');
    expect(run.stderr).toMatch(/final-answer · 2 model calls · 1 tool calls? /);
    expect(run.stdout).toBe("Members get 30 days of paid leave a year [1].\n");
    const found = passages(toolResult!);
    expect(found.map((passage) => passage.number)).toEqual([1, 2, 3]);
    expect(found[0]).toMatchObject({ source: "handbook/people/holidays.md", text: expect.stringContaining("30 days of paid leave") });
  });
});
