import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEvalSuite } from "../src/evals/index.js";
import { ingest } from "../src/rag/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };

beforeAll(async () => {
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream, { config: { defaultModel: "openai:gpt-4o-mini", defaultEmbeddingModel: "openai:text-embedding-3-small" } });
  const docs = path.join(flywheel.folder, "docs");
  mkdirSync(docs);
  writeFileSync(path.join(docs, "kiln.md"), "# Kiln\n\nA bisque firing in the kiln takes eleven hours and cools overnight.\n");
  writeFileSync(path.join(docs, "bread.md"), "# Bread\n\nFeed the sourdough starter twice a day with flour and water.\n");
  await ingest(flywheel, { collection: "docs", inputs: [docs], cwd: docs, embeddingModel: "openai:text-embedding-3-small" });
  // A scripted hosted model that calls the calculator, then answers with its result.
  upstream.script("agent-math", (request) => {
    const last = request.messages.at(-1)!;
    if (last.role === "tool") return { text: `The answer is ${last.content}.` };
    return { toolCalls: [{ name: "calculator", arguments: { expression: "6 * 7" } }] };
  });
});
afterAll(async () => {
  await flywheel.close();
  await upstream.close();
});

describe("RAG pipelines and agents as eval targets", () => {
  it("runs a rag: target, whose retrieved passages are the context assertions read", async () => {
    const { run } = await runEvalSuite(flywheel, {
      cwd: flywheel.folder,
      resume: false,
      suite: {
        providers: [{ id: "rag:docs", config: { mode: "bm25", k: 1, minScore: -1 } }],
        tests: [
          {
            vars: { question: "How long does a bisque firing take in the kiln?" },
            assert: [
              { type: "javascript", value: "context.context.length === 1 && context.context[0].includes('eleven hours')" },
              { type: "javascript", value: "context.metadata.sources[0] === 'kiln.md'" },
            ],
          },
          { vars: { question: "How often is the sourdough starter fed?" }, assert: [{ type: "javascript", value: "context.context[0].includes('twice a day')" }] },
        ],
      },
    });
    expect(run.cells.map((cell) => [cell.status, cell.reason])).toEqual([
      ["pass", "all assertions passed"],
      ["pass", "all assertions passed"],
    ]);
  });

  it("runs an agent: target and asserts on its trajectory: tools called, step count, answer", async () => {
    const { run } = await runEvalSuite(flywheel, {
      cwd: flywheel.folder,
      resume: false,
      suite: {
        providers: [{ id: "agent:openai:agent-math", config: { tools: ["calculator"], maxSteps: 4 } }],
        tests: [
          {
            vars: { objective: "What is six times seven?" },
            assert: [
              { type: "contains", value: "42" },
              { type: "trajectory:tool-used", value: "calculator" },
              { type: "not-trajectory:tool-used", value: "read_file" },
              { type: "trajectory:step-count", value: 2 },
              { type: "javascript", value: "context.trajectory.find((step) => step.type === 'tool-call').input.expression === '6 * 7'" },
            ],
          },
          { vars: { objective: "Same again, in one step" }, assert: [{ type: "trajectory:step-count", value: 1 }] },
        ],
      },
    });
    expect(run.cells[0]).toMatchObject({ status: "pass" });
    expect(run.cells[1]!.status).toBe("fail");
    expect(run.cells[1]!.reason).toContain("2 steps, outside 0..1");
  });

  it("refuses unknown settings of a target with the key named", async () => {
    await expect(runEvalSuite(flywheel, { cwd: flywheel.folder, suite: { providers: [{ id: "rag:docs", config: { topK: 3 } }], tests: [{ vars: { question: "x" } }] } })).rejects.toThrow(
      /providers\[0\]\.config\.topK/,
    );
  });
});
