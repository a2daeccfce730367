import { afterEach, describe, expect, it } from "vitest";
import { createDatasetFromTraces, importDataset } from "../src/datasets/index.js";
import { compareFineTuneJob, runFineTuneJob, startFineTune } from "../src/finetune/index.js";
import { createStoreJobQueue } from "../src/jobs/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { chatTrace } from "./support/chat-trace.js";
import { describeFineTuneEngineConformance } from "./support/finetune-engine-conformance.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { SENTIMENT_SYSTEM, sentimentReply, sentimentReviews } from "./support/sentiment-task.js";
import { writeFileSync } from "node:fs";
import path from "node:path";

const CANARY = "sk-proj-HOSTEDcanaryKEY000111222333444555";
let server: ProtocolServer;
const open: Flywheel[] = [];

useProtocolServer((started) => (server = started));
afterEach(async () => {
  await Promise.all(open.splice(0).map((flywheel) => flywheel.close()));
  server.reset();
});

async function flywheelWithDataset(rows = 40): Promise<Flywheel & { folder: string }> {
  const flywheel = await flywheelAgainst(server, { config: { finetune: { pollIntervalMs: 10 } } });
  open.push(flywheel);
  const file = path.join(flywheel.folder, "sentiment.jsonl");
  writeFileSync(
    file,
    sentimentReviews(rows)
      .map((review) => JSON.stringify({ messages: [{ role: "system", content: SENTIMENT_SYSTEM }, { role: "user", content: review.text }, { role: "assistant", content: sentimentReply(review.label) }] }))
      .join("\n"),
  );
  await importDataset(flywheel, { name: "sentiment", file, split: { seed: 3, fractions: { train: 0.6, validation: 0.1, test: 0.3 } } });
  return flywheel;
}

const fineTuningRequests = () => server.requests.filter((request) => request.path.startsWith("/v1/files") || request.path.startsWith("/v1/fine_tuning"));

describeFineTuneEngineConformance("openai (hosted, through the protocol server)", {
  engine: "openai",
  open: () => flywheelWithDataset(),
  dataset: "sentiment",
  baseModel: "openai:gpt-4o-mini-2024-07-18",
  foreignModel: "anthropic:claude-haiku-4-5",
  cancelAfterEvent: "provider-job-created",
  expectWorkStopped: () => expect([...server.fineTuning.jobs.values()].map((job) => job.status)).toEqual(["cancelled"]),
});

describe("hosted fine-tuning through the OpenAI API", () => {
  it("uploads the splits, creates the job, follows its events to the ft: model, with the key from the usual rules", async () => {
    const flywheel = await flywheelWithDataset();
    const job = await startFineTune(flywheel, { dataset: "sentiment", baseModel: "openai:gpt-4o-mini-2024-07-18", engine: "openai", name: "sentiment", hyperparameters: { epochs: 2, seed: 5 } });
    const progress: unknown[] = [];
    const done = await runFineTuneJob(flywheel, job.jobId, { onProgress: (item) => progress.push(item.step) });
    expect(done.error).toBeNull();
    expect(done.state).toBe("succeeded");
    expect(done.result?.model).toMatch(/^openai:ft:gpt-4o-mini-2024-07-18:flywheel:sentiment:\d+$/);
    expect(progress).toEqual([1, 2, 3]);
    const files = [...server.fineTuning.files.values()];
    expect(files.map((file) => file.filename)).toEqual(["sentiment-train.jsonl", "sentiment-validation.jsonl"]);
    const version = await flywheel.store.datasets.getVersion("sentiment");
    expect(files[0]!.content.trim().split("\n")).toHaveLength(version!.splits.train);
    const [providerJob] = [...server.fineTuning.jobs.values()];
    expect(providerJob).toMatchObject({ model: "gpt-4o-mini-2024-07-18", seed: 5, hyperparameters: { n_epochs: 2 }, validationFile: files[1]!.id });
    expect(fineTuningRequests().every((request) => request.headers.authorization === "Bearer test-openai-key-0001")).toBe(true);
    // A new runtime's catalog knows the tuned model and where it came from.
    const next = await flywheelAgainst(server, { config: { store: { url: flywheel.store.location } } });
    open.push(next);
    expect(next.models.info(String(done.result?.model)).notes).toBe(`fine-tuned from openai:gpt-4o-mini-2024-07-18 on sentiment@1 by job ${job.jobId}`);
    const events = (await createStoreJobQueue(flywheel.store).events(job.jobId)).map((event) => event.type);
    expect(events).toEqual(expect.arrayContaining(["file-uploaded", "provider-job-created", "provider-event", "progress", "model-registered", "job-succeeded"]));
  });

  it("compares the tuned hosted model with its base on the test split", async () => {
    const flywheel = await flywheelWithDataset();
    const job = await startFineTune(flywheel, { dataset: "sentiment", baseModel: "openai:gpt-4o-mini-2024-07-18", engine: "openai", name: "cmp" });
    const done = await runFineTuneJob(flywheel, job.jobId);
    const tuned = String(done.result?.model).slice("openai:".length);
    const labels = new Map(sentimentReviews(40).map((review) => [review.text, review.label]));
    server.script(tuned, (request) => ({ text: sentimentReply(labels.get(request.messages.at(-1)!.content) ?? "positive") }));
    const report = await compareFineTuneJob(flywheel, job.jobId);
    const split = report.suites[0]!;
    expect(split.base.passRate.estimate).toBe(0);
    expect(split.tuned.passRate.estimate).toBe(1);
    expect(split.passFail.pValue).toBeLessThan(0.05);
    expect(report.verdict).toBe("better");
    expect(split.tuned.costPerRequestUsd).toBeUndefined();
  });

  it("resumes watching a job after its process stopped, without uploading or creating it again", async () => {
    const flywheel = await flywheelWithDataset();
    const job = await startFineTune(flywheel, { dataset: "sentiment", baseModel: "openai:gpt-4o-mini-2024-07-18", engine: "openai" });
    const stop = new AbortController();
    const detached = await runFineTuneJob(flywheel, job.jobId, {
      signal: stop.signal,
      onEvent: (event) => {
        if (event.type === "provider-job-created") stop.abort();
      },
    });
    expect(detached.state).toBe("running");
    expect(server.fineTuning.jobs.size).toBe(1);
    const resumed = await runFineTuneJob(flywheel, job.jobId);
    expect(resumed.state).toBe("succeeded");
    expect(resumed.attempts).toBe(2);
    expect(server.fineTuning.jobs.size).toBe(1);
    expect(server.fineTuning.files.size).toBe(2);
  });

  it("reports a refused base model and a failed provider job in one line with a hint", async () => {
    const flywheel = await flywheelWithDataset();
    const refused = await runFineTuneJob(flywheel, (await startFineTune(flywheel, { dataset: "sentiment", baseModel: "openai:not-tunable-model", engine: "openai" })).jobId);
    expect(refused.state).toBe("failed");
    expect(refused.error?.message).toBe("openai fine-tuning API (HTTP 400): Model not-tunable-model is not available for fine-tuning or does not exist.");
    expect(refused.error?.hint).toMatch(/base model/);
    const failed = await runFineTuneJob(flywheel, (await startFineTune(flywheel, { dataset: "sentiment", baseModel: "openai:gpt-fail-training", engine: "openai" })).jobId);
    expect(failed.state).toBe("failed");
    expect(failed.error?.message).toMatch(/failed: The job failed due to an invalid training file/);
    await expect(startFineTune(flywheel, { dataset: "sentiment", baseModel: "local:default", engine: "openai" })).rejects.toThrow(/cannot fine-tune "local:default" with the openai engine/);
  });

  it("never uploads a secret or personal data from a trace", async () => {
    const flywheel = await flywheelAgainst(server, { config: { finetune: { pollIntervalMs: 10 } } });
    open.push(flywheel);
    const spans = sentimentReviews(20).flatMap((review, index) =>
      chatTrace({ user: index === 0 ? `${review.text} my key ${CANARY}, mail ana@example.org` : review.text, reply: sentimentReply(review.label), startTime: 1_700_000_000_000 + index }),
    );
    await flywheel.store.traces.writeSpans(spans);
    await createDatasetFromTraces(flywheel, { name: "leaky", split: { fractions: { train: 1, validation: 0, test: 0 } } });
    const done = await runFineTuneJob(flywheel, (await startFineTune(flywheel, { dataset: "leaky", baseModel: "openai:gpt-4o-mini-2024-07-18", engine: "openai" })).jobId);
    expect(done.state).toBe("succeeded");
    const uploaded = [...server.fineTuning.files.values()].map((file) => file.content).join("\n");
    // The key never reached the store: it was redacted when the trace was written.
    expect(uploaded).toContain("[REDACTED]");
    expect(uploaded).toContain("<EMAIL>");
    const everything = JSON.stringify(server.requests) + JSON.stringify(await flywheel.store.sql.query("SELECT * FROM job_events"));
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain("ana@example.org");
  });
});
