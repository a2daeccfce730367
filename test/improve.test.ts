import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addFeedback } from "../src/datasets/index.js";
import { openStore } from "../src/store/index.js";
import { FlywheelAttributes } from "../src/traces/index.js";
import { chatTrace } from "./support/chat-trace.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";
import { SENTIMENT_SYSTEM, sentimentReply, sentimentReviews } from "./support/sentiment-task.js";

let server: ProtocolServer;
useProtocolServer((started) => (server = started));

async function seededFolder(): Promise<{ folder: string; env: Record<string, string> }> {
  const folder = temporaryFolder();
  writeFileSync(path.join(folder, "flywheel.config.yaml"), "finetune:\n  pollIntervalMs: 10\n");
  const store = await openStore({ url: path.join(folder, ".flywheel", "flywheel.db") });
  const reviews = sentimentReviews(40);
  // Traces of a task the base does badly; people corrected some of them.
  const traces = reviews.map((review, index) => chatTrace({ system: SENTIMENT_SYSTEM, user: review.text, reply: "It sounds nice!", startTime: Date.now() - 60_000 + index, rootAttributes: { [FlywheelAttributes.tags]: ["sentiment"] } }));
  await store.traces.writeSpans(traces.flat());
  for (const [index, trace] of traces.entries()) {
    await addFeedback(store, { traceId: trace[1]!.traceId, label: "bad", correction: sentimentReply(reviews[index]!.label) });
  }
  await store.close();
  const labels = new Map(reviews.map((review) => [review.text, review.label]));
  // The tuned model has learned the behaviour; the base (the echo model) has not.
  server.script("ft:gpt-4o-mini-2024-07-18:*", (request) => ({ text: sentimentReply(labels.get(request.messages.at(-1)!.content) ?? "positive") }));
  return { folder, env: { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "test-openai-key-0001", FLYWHEEL_HOME: path.join(folder, "home"), NO_COLOR: "1" } };
}

const args = (gate: string) => ["improve", "--from-traces", "tag=sentiment feedback=bad since=1d", "--base", "openai:gpt-4o-mini-2024-07-18", "--engine", "openai", "--gate", gate, "--split", "0.6,0.1,0.3"];

describe("flywheel improve", () => {
  it("chains dataset, fine-tune, comparison and gate; exits 0 and writes the reports when the gate passes; resumes without redoing work", async () => {
    const { folder, env } = await seededFolder();
    const first = await runCli(args("delta>=0.05 and p<0.05"), { cwd: folder, env, timeoutMs: 60_000 });
    expect(first.stderr).not.toMatch(/error:/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/verdict: better/);
    expect(first.stdout).toMatch(/gate delta>=0\.05 and p<0\.05: passed/);
    const report = JSON.parse(readFileSync(path.join(folder, "improve-report.json"), "utf8")) as { status: string; steps: { dataset: { rows: number }; gate: { values: { delta: number; base: number; tuned: number } } } };
    expect(report.status).toBe("passed");
    expect(report.steps.dataset.rows).toBe(40);
    expect(report.steps.gate.values).toMatchObject({ delta: 1, base: 0, tuned: 1 });
    const markdown = readFileSync(path.join(folder, "improve-report.md"), "utf8");
    expect(markdown).toMatch(/\*\*The gate passed\*\*/);
    expect(markdown).toMatch(/95% CI \[\+100\.0 pp, \+100\.0 pp\]/);

    const models = await runCli(["models", "list"], { cwd: folder, env });
    expect(models.stdout).toMatch(/openai:ft:gpt-4o-mini-2024-07-18:flywheel:improve-v1-\w+:\d+\s+chat/);

    const again = await runCli(args("delta>=0.05 and p<0.05"), { cwd: folder, env, timeoutMs: 60_000 });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/compare skipped: already compared/);
    expect(server.fineTuning.jobs.size).toBe(1);
  });

  it("exits 1 when the gate does not pass, and refuses a malformed gate before doing anything", async () => {
    const { folder, env } = await seededFolder();
    const strict = await runCli(args("delta>=2"), { cwd: folder, env, timeoutMs: 60_000 });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/gate delta>=2: not passed/);
    expect(JSON.parse(readFileSync(path.join(folder, "improve-report.json"), "utf8"))).toMatchObject({ status: "gate-failed" });
    const typo = await runCli(args("dleta>=0.05"), { cwd: temporaryFolder(), env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/error: invalid gate "dleta>=0\.05": unknown variable "dleta"/);
    const markdown = readFileSync(path.join(folder, "improve-report.md"), "utf8");
    expect(markdown).toContain("**The gate did not pass**: `delta>=2`.");
    expect(markdown).toMatch(/- delta = [\d.]+ >= 2: fail/);
  });
});
