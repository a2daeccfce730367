import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { FlywheelAttributes } from "../src/traces/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;

useProtocolServer((started) => (server = started));
beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-labels-");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "labels-test-key-12345", FLYWHEEL_HOME: path.join(cwd, "home"), NO_COLOR: "1" };
});

const cli = (args: string[], input?: string) => runCli(args, { cwd, env, ...(input === undefined ? {} : { input }) });

/** `flywheel run ... --json`, returning the trace id. */
async function run(args: string[]): Promise<string> {
  const result = await cli(["run", "--model", "openai:gpt-4o-mini", "--json", ...args]);
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { traceId: string }).traceId;
}

/** Creates a dataset from the traces the filters select and returns its rows as OpenAI chat messages. */
async function datasetRows(name: string, filters: string[]): Promise<{ role: string; content: string }[][]> {
  const created = await cli(["datasets", "create", name, "--from-traces", ...filters, "--split", "1,0,0"]);
  expect(created.code, created.stderr).toBe(0);
  const out = path.join(cwd, `${name}.jsonl`);
  expect((await cli(["datasets", "export", name, "--format", "openai", "--out", out])).code).toBe(0);
  return readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { messages: { role: string; content: string }[] }).messages);
}

async function rootAttributes(traceId: string): Promise<Record<string, unknown>> {
  const shown = await cli(["traces", "show", traceId, "--json"]);
  expect(shown.code, shown.stderr).toBe(0);
  const { spans } = JSON.parse(shown.stdout) as { spans: { parentSpanId: string | null; attributes: Record<string, unknown> }[] };
  return spans.find((span) => span.parentSpanId === null)!.attributes;
}

describe("trace labels from the CLI to datasets", () => {
  it("selects exactly the traces run with a tag or a prompt file, with the correction given as feedback", async () => {
    writeFileSync(path.join(cwd, "classify-review.prompt.md"), "---\nsystem: Classify the review as positive or negative.\n---\nReview: {{input}}\n");
    const soggy = await run(["--system", "Classify the review.", "--tag", "reviews", "--tag", "food", "The fries were soggy"]);
    await run(["--system", "Classify the review.", "--tag", "other", "Lovely staff"]);
    const filed = await run(["--prompt", "classify-review.prompt.md", "Great service"]);
    expect(await rootAttributes(soggy)).toMatchObject({ [FlywheelAttributes.tags]: ["reviews", "food"] });
    expect(await rootAttributes(filed)).toMatchObject({
      [FlywheelAttributes.promptName]: "classify-review",
      [FlywheelAttributes.promptFile]: expect.stringMatching(/classify-review\.prompt\.md$/) as unknown,
    });
    const feedback = await cli(["feedback", soggy.slice(0, 8), "--label", "bad", "--correction", "negative"]);
    expect(feedback.code, feedback.stderr).toBe(0);

    expect(await datasetRows("reviews", ["--tag", "reviews"])).toEqual([
      [
        { role: "system", content: "Classify the review." },
        { role: "user", content: "The fries were soggy" },
        { role: "assistant", content: "negative" },
      ],
    ]);
    expect(await datasetRows("triage", ["--prompt", "classify-review"])).toEqual([
      [
        { role: "system", content: "Classify the review as positive or negative." },
        { role: "user", content: "Review: Great service" },
        { role: "assistant", content: "You said: Review: Great service" },
      ],
    ]);
    const none = await cli(["datasets", "create", "none", "--from-traces", "--tag", "drinks", "--split", "1,0,0"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^error: no rows for the dataset/);
    // A dozen CLI processes, each opening the store: slow on a loaded machine.
  }, 120_000);

  it("refuses a tag that is not one word, and --var without a prompt file", async () => {
    const spaced = await cli(["run", "--model", "openai:gpt-4o-mini", "--tag", "two words", "hi"]);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toBe('error: invalid tag "two words"\nhint: a tag is one word, without spaces or commas, such as support or experiment-3\n');
    const stray = await cli(["run", "--model", "openai:gpt-4o-mini", "--var", "a=b", "hi"]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/^error: --var without --prompt\nhint: /);
  });

  it("gives the turns of a chat one conversation id, and a new one after /reset", async () => {
    const chat = await cli(["chat", "--model", "openai:gpt-4o-mini", "--tag", "support"], "first\nsecond\n/reset\nthird\n/exit\n");
    expect(chat.code, chat.stderr).toBe(0);
    const list = JSON.parse((await cli(["traces", "list", "--json"])).stdout) as { traces: { traceId: string }[] };
    const [third, second, first] = await Promise.all(list.traces.map((trace) => rootAttributes(trace.traceId)));
    expect(first).toMatchObject({ [FlywheelAttributes.tags]: ["support"] });
    expect(first![FlywheelAttributes.conversationId]).toMatch(/^[0-9a-f-]{36}$/);
    expect(second![FlywheelAttributes.conversationId]).toBe(first![FlywheelAttributes.conversationId]);
    expect(third![FlywheelAttributes.conversationId]).not.toBe(first![FlywheelAttributes.conversationId]);
  });
});
