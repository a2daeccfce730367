import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveModel } from "../src/models/model-store/index.js";
import { cachedHome, fakeTrainingHome } from "./support/fake-training-home.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";
import { SENTIMENT_SYSTEM, sentimentReply, sentimentReviews } from "./support/sentiment-task.js";

// The local engine's Node side runs for real against a fake training worker
// (test/support/fake_worker.py, chosen by FAKE_WORKER_MODE); real training is in finetune-local.test.ts.

interface JobJson {
  jobId: string;
  state: string;
  payload: Record<string, unknown>;
  progress: { step: number; totalSteps: number } | null;
  result: { model: string; metrics: Record<string, number> } | null;
}

let server: ProtocolServer;
useProtocolServer((started) => (server = started));

/** A folder with a 40-review sentiment dataset imported (split 0.6/0.1/0.3), and the environment to reach it. */
async function withDataset(home: string, extraEnv: Record<string, string> = {}): Promise<{ cwd: string; env: Record<string, string> }> {
  const cwd = temporaryFolder("flywheel-finetune-cli-");
  const env = { FLYWHEEL_HOME: home, FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1", ...extraEnv };
  const rows = sentimentReviews(40).map((review) => ({ messages: [{ role: "system", content: SENTIMENT_SYSTEM }, { role: "user", content: review.text }, { role: "assistant", content: sentimentReply(review.label) }] }));
  writeFileSync(path.join(cwd, "sentiment.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n"));
  const imported = await runCli(["datasets", "import", "sentiment", "sentiment.jsonl", "--split", "0.6,0.1,0.3"], { cwd, env });
  expect(imported.code, imported.stderr).toBe(0);
  return { cwd, env };
}

describe("flywheel finetune on the local engine (fake worker)", () => {
  // The fake homes link to the cached base models.
  beforeAll(async () => {
    await resolveModel(cachedHome(), "tiny", { autoPull: true });
    await resolveModel(cachedHome(), "default", { autoPull: true });
  }, 120_000);

  it("setup on an installed environment says it is ready and installs nothing", async () => {
    const home = fakeTrainingHome({ installed: true });
    const marker = path.join(home, "finetune", "environment.json");
    const before = readFileSync(marker, "utf8");
    const cwd = temporaryFolder();
    // A Python that does not exist: any install would fail at once.
    const env = { FLYWHEEL_HOME: home, NO_COLOR: "1", FLYWHEEL_PYTHON: path.join(cwd, "no-such-python3") };
    const result = await runCli(["finetune", "setup"], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`local fine-tuning is ready (Python 3.11 at ${path.join(home, "finetune", "venv")}; already installed)\n`);
    expect(result.stderr).toBe("base model local:qwen2.5-coder-1.5b is in the model store\n");
    expect(readFileSync(marker, "utf8")).toBe(before);
    const json = await runCli(["finetune", "setup", "--no-base", "--json"], { cwd, env });
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toBe("");
    expect(JSON.parse(json.stdout)).toMatchObject({ installed: false, setupSeconds: 0, pythonVersion: "3.11" });
  });

  it("start trains to the end and registers the tuned model; status and logs show the finished job", async () => {
    const home = fakeTrainingHome({ installed: true });
    const { cwd, env } = await withDataset(home, { FAKE_WORKER_MODE: "succeed" });
    const start = await runCli(["finetune", "start", "--dataset", "sentiment", "--base", "local:tiny", "--name", "tuned-fake", "--max-steps", "5", "--rank", "4", "--no-compare", "--json"], { cwd, env, timeoutMs: 60_000 });
    expect(start.code, start.stderr).toBe(0);
    const job = JSON.parse(start.stdout) as JobJson;
    expect(job).toMatchObject({ state: "succeeded", progress: { step: 5, totalSteps: 5 }, result: { model: "local:tuned-fake", metrics: { trainLoss: 0.2, validationLoss: 0.5 } } });
    expect(start.stderr).toMatch(new RegExp(`^job ${job.jobId} queued: local fine-tune of local:tiny on sentiment@1$`, "m"));
    expect(readFileSync(path.join(home, "models", "tuned-fake", "adapter.gguf"), "utf8")).toBe("GGUF: a fake LoRA adapter");

    const status = await runCli(["finetune", "status", job.jobId.slice(0, 8)], { cwd, env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^state {11}succeeded$/m);
    expect(status.stdout).toMatch(/^tuned model {5}local:tuned-fake$/m);
    expect(status.stdout).toMatch(/^progress {8}step 5\/5 {2}loss 0\.2000 {2}0\.01 s\/step {2}left 0:00$/m);
    expect(status.stdout).toMatch(/^validation loss 0\.5$/m);
    // No learning rate given: the sweep chose one on the validation split (the fake's last rate is best).
    expect(status.stdout).toMatch(/^learning rate {3}0\.01 \(chosen by the sweep\)$/m);
    expect(status.stdout).toMatch(/^steps {11}5 \(kept checkpoint; 20 steps trained in all\)$/m);
    expect(status.stdout).toMatch(/^sweep {11}3e-4: exact 0\.5, loss 0\.5 @5; 1e-3: exact 0\.5, loss 0\.33333 @5; 3e-3: exact 0\.5, loss 0\.25 @5; 1e-2: exact 0\.5, loss 0\.2 @5$/m);

    const logs = await runCli(["finetune", "logs", job.jobId.slice(0, 8)], { cwd, env });
    expect(logs.code, logs.stderr).toBe(0);
    const lines = logs.stdout.trimEnd().split("\n").map((line) => line.replace(/^\S+ \S+ {2}/, ""));
    expect(lines).toEqual(
      expect.arrayContaining(["phase loading", "phase training (5 steps)", "step 5/5  loss 0.2000  0.01 s/step  left 0:00", "validation loss 0.5 at step 5", "sweep: learning rate 0.0003 best at step 5: validation loss 0.5, exact 0.5", "chose learning rate 0.01 and 5 steps", 'model-registered {"model":"local:tuned-fake","base":"local:smollm2-135m"}']),
    );
    expect(lines.filter((line) => line.startsWith("step "))).toHaveLength(5);
    const jsonLogs = (await runCli(["finetune", "logs", job.jobId, "--json"], { cwd, env })).stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string });
    expect(jsonLogs.at(-1)?.type).toBe("job-succeeded");
    const cancel = await runCli(["finetune", "cancel", job.jobId], { cwd, env });
    expect(cancel.stdout).toBe(`job ${job.jobId.slice(0, 8)} had already ended (succeeded)\n`);
    // Seven CLI processes, each opening the store: slow on a loaded machine.
  }, 60_000);

  it("cancel from another process stops a running job at its next step; the start exits 130", async () => {
    const home = fakeTrainingHome({ installed: true });
    const { cwd, env } = await withDataset(home, { FAKE_WORKER_MODE: "slow" });
    const running = runCli(["finetune", "start", "--dataset", "sentiment", "--base", "local:tiny", "--name", "never-finished"], { cwd, env, timeoutMs: 60_000 });
    let job: JobJson | undefined;
    while (job?.progress == null) {
      await sleep(200);
      job = (JSON.parse((await runCli(["finetune", "list", "--json"], { cwd, env })).stdout) as JobJson[])[0];
    }
    expect(job.state).toBe("running");
    const cancel = await runCli(["finetune", "cancel", job.jobId.slice(0, 8)], { cwd, env });
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toBe(`cancel requested: job ${job.jobId.slice(0, 8)} stops at its next step\n`);
    const started = await running;
    expect(started.code, started.stderr).toBe(130);
    const status = JSON.parse((await runCli(["finetune", "status", job.jobId, "--json"], { cwd, env })).stdout) as JobJson;
    expect(status.state).toBe("cancelled");
    expect(status.result).toBeNull();
    const unknown = await runCli(["finetune", "cancel", "ffffffff"], { cwd, env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: no job "ffffffff"/);
  }, 60_000);
});

describe("flywheel finetune compare", () => {
  it("compares a finished job's tuned model with its base on the test split, as text, JSON and markdown", async () => {
    const { cwd, env } = await withDataset(path.join(temporaryFolder(), "home"), { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "finetune-cli-key-123456" });
    writeFileSync(path.join(cwd, "flywheel.config.yaml"), "finetune:\n  pollIntervalMs: 10\n");
    const start = await runCli(["finetune", "start", "--engine", "openai", "--dataset", "sentiment", "--base", "openai:gpt-4o-mini-2024-07-18", "--name", "cmp", "--no-compare", "--json"], { cwd, env });
    expect(start.code, start.stderr).toBe(0);
    const job = JSON.parse(start.stdout) as JobJson;
    expect(job.result?.model).toMatch(/^openai:ft:gpt-4o-mini-2024-07-18:flywheel:cmp:\d+$/);
    // The tuned model answers every review right; the base echoes it (and fails).
    const labels = new Map(sentimentReviews(40).map((review) => [review.text, review.label]));
    server.script(job.result!.model.slice("openai:".length), (request) => ({ text: sentimentReply(labels.get(request.messages.at(-1)!.content) ?? "positive") }));

    const text = await runCli(["finetune", "compare", job.jobId.slice(0, 8), "--markdown", "report.md"], { cwd, env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${job.result!.model} vs openai:gpt-4o-mini-2024-07-18 (job ${job.jobId.slice(0, 8)})`);
    expect(text.stdout).toMatch(/^ {4}base {2}openai:gpt-4o-mini-2024-07-18 +pass 0\.0% \[0\.0%, 0\.0%\]/m);
    expect(text.stdout).toMatch(/^ {4}tuned openai:ft:\S+ +pass 100\.0% \[100\.0%, 100\.0%\]/m);
    expect(text.stdout).toMatch(/^ {4}pass\/fail: 12 cases only tuned passed, 0 only base; McNemar p = <0\.001 \(exact\)$/m);
    expect(text.stdout).toMatch(/^ {4}verdict: better$/m);
    expect(readFileSync(path.join(cwd, "report.md"), "utf8")).toContain("**Verdict: better.**");

    const json = await runCli(["finetune", "compare", job.jobId, "--json", "--confidence", "0.9"], { cwd, env });
    const report = JSON.parse(json.stdout) as { verdict: string; suites: { cases: number; difference: { confidence: number; estimate: number } }[] };
    expect(report.verdict).toBe("better");
    expect(report.suites[0]).toMatchObject({ cases: 12, difference: { confidence: 0.9, estimate: 1 } });
  });
});
