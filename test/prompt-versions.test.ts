import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../src/store/index.js";
import { loadPromptFile, runPrompt } from "../src/prompts/index.js";
import { runEvalSuite } from "../src/evals/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { FlywheelAttributes } from "../src/traces/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let flywheel: Flywheel & { folder: string };

useProtocolServer((started) => (server = started));
beforeEach(async () => {
  server.reset();
  flywheel = await flywheelAgainst(server);
});
afterEach(async () => {
  await flywheel.close();
});

const summaryOf = async (traceId: string) => {
  await flywheel.tracing.flush();
  return (await flywheel.store.traces.getTrace(traceId))!;
};

describe("prompt versions on spans", () => {
  it("labels a prompt file's run with its content hash, stores each version's text once, and a new edit is a new version", async () => {
    const file = path.join(flywheel.folder, "triage.prompt.md");
    writeFileSync(file, "---\nmodel: openai:gpt-4o-mini\n---\nTicket: {{ticket}}\n");
    const first = await runPrompt(flywheel, { promptFile: file, vars: { ticket: "charged twice" } });
    const again = await runPrompt(flywheel, { promptFile: file, vars: { ticket: "late parcel" } });
    const v1 = (await loadPromptFile(file)).hash;
    expect(first.promptHash).toBe(v1);
    expect(again.promptHash).toBe(v1);
    const { summary, spans } = await summaryOf(first.traceId);
    expect(summary).toMatchObject({ promptName: "triage", promptHash: v1 });
    const root = spans.find((span) => span.parentSpanId === null)!;
    expect(root.spanId).toBe(first.spanId);
    expect(root.attributes[FlywheelAttributes.promptHash]).toBe(v1);

    writeFileSync(file, "---\nmodel: openai:gpt-4o-mini\n---\nTicket (be brief): {{ticket}}\n");
    const edited = await runPrompt(flywheel, { promptFile: file, vars: { ticket: "charged twice" } });
    expect(edited.promptHash).not.toBe(v1);
    expect((await summaryOf(edited.traceId)).summary.promptHash).toBe(edited.promptHash);
    const versions = await flywheel.store.prompts.versions("triage");
    expect(versions.map((version) => version.hash)).toEqual([v1, edited.promptHash]);
    expect(versions[0]!.source).toContain("Ticket: {{ticket}}");
    expect(versions[1]!.source).toContain("Ticket (be brief)");
    expect((await flywheel.store.prompts.versionsByPrefix("triage", v1.slice(0, 8))).map((version) => version.hash)).toEqual([v1]);
  });

  it("does not label a plain prompt with a version", async () => {
    const plain = await runPrompt(flywheel, { model: "openai:gpt-4o-mini", prompt: "hi" });
    expect(plain.promptHash).toBeUndefined();
    expect((await summaryOf(plain.traceId)).summary.promptHash).toBeNull();
  });

  it("keys eval results by prompt hash: the run's variants and each cell's trace carry it", async () => {
    const file = path.join(flywheel.folder, "greet.prompt.md");
    writeFileSync(file, "Say hello to {{name}}\n");
    const suite = path.join(flywheel.folder, "suite.yaml");
    writeFileSync(suite, `prompts:\n  - file://greet.prompt.md\n  - "Wave at {{name}}"\nproviders: [openai:gpt-4o-mini]\ntests:\n  - vars: { name: Ada }\n    assert: [{ type: icontains, value: ada }]\n`);
    const { run } = await runEvalSuite(flywheel, { file: suite });
    const hash = (await loadPromptFile(file)).hash;
    expect(run.suite.variants[0]).toMatchObject({ promptName: "greet", promptHash: hash });
    expect(run.suite.variants[1]!.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.suite.variants[1]!.promptHash).not.toBe(hash);
    const stored = await flywheel.store.evals.getRun(run.runId);
    expect(JSON.stringify(stored?.suite)).toContain(hash);
    const cell = run.cells.find((entry) => entry.variantIndex === 0)!;
    expect((await summaryOf(cell.traceId!)).summary).toMatchObject({ promptName: "greet", promptHash: hash, kind: "eval" });
    expect((await flywheel.store.prompts.versions("greet")).map((version) => version.hash)).toEqual([hash]);
  });
});

describe("prompt versions from the CLI", () => {
  it("`run --prompt` and `chat --prompt` record the prompt's version on every trace", async () => {
    const cwd = flywheel.folder;
    const env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "versions-test-key-12345", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "cli.db"), NO_COLOR: "1" };
    writeFileSync(path.join(cwd, "helper.prompt.md"), "---\nmodel: openai:gpt-4o-mini\nsystem: You help with {{topic}}.\nvariables:\n  topic: { default: billing }\n---\nQuestion: {{input}}\n");
    const hash = (await loadPromptFile(path.join(cwd, "helper.prompt.md"))).hash;
    const ran = await runCli(["run", "--prompt", "helper.prompt.md", "--json", "Where is my invoice?"], { cwd, env });
    expect(ran.code, ran.stderr).toBe(0);
    const result = JSON.parse(ran.stdout) as { traceId: string; promptHash: string };
    expect(result.promptHash).toBe(hash);
    const plain = await runCli(["run", "--prompt", "helper.prompt.md", "Where is my invoice?"], { cwd, env });
    expect(plain.stderr).toContain(`prompt version ${hash.slice(0, 8)}`);
    const chat = await runCli(["chat", "--prompt", "helper.prompt.md", "--var", "topic=refunds"], { cwd, env, input: "first question\nsecond question\n" });
    expect(chat.code, chat.stderr).toBe(0);
    const store = await openStore({ url: path.join(cwd, "cli.db") });
    try {
      const page = await store.traces.listTraces({ limit: 10 });
      expect(page.traces).toHaveLength(4);
      for (const trace of page.traces) expect(trace).toMatchObject({ promptName: "helper", promptHash: hash });
      const turns = page.traces.filter((trace) => trace.name === "chat turn");
      expect(turns).toHaveLength(2);
      const detail = await store.traces.getTrace(turns[0]!.traceId);
      expect(JSON.stringify(detail?.spans)).toContain("You help with refunds.");
      expect((await store.prompts.versions("helper")).map((version) => version.hash)).toEqual([hash]);
    } finally {
      await store.close();
    }
  });
});
