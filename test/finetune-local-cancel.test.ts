import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { importDataset } from "../src/datasets/index.js";
import { runFineTuneJob, startFineTune } from "../src/finetune/index.js";
import { createStoreJobQueue } from "../src/jobs/index.js";
import { storedModelInfos } from "../src/models/local/index.js";
import { modelDirectory } from "../src/models/model-store/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { openStore } from "../src/store/index.js";
import { cachedHome } from "./support/fake-training-home.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { realTrainingEnvironment } from "./support/real-training-environment.js";
import { writeSentimentJsonl } from "./support/sentiment-task.js";

// The real Python worker (torch, peft) stopped mid-training by a cancel from another store
// connection. Same rule as finetune-local.test.ts: skipped without `flywheel finetune setup`
// on a developer's machine, a failure in CI.
const home = cachedHome();
const environment = await realTrainingEnvironment(home);

/** Training workers this process started (Linux: read from /proc). */
function trainingWorkers(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const parent = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
        return parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").includes("-m flywheel_train");
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(environment === undefined)("cancelling real local training", () => {
  let flywheel: Flywheel;
  let folder: string;

  beforeAll(async () => {
    folder = temporaryFolder();
    flywheel = await createFlywheel({ config: await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: home, FLYWHEEL_DB: path.join(folder, "flywheel.db") } }) });
    await importDataset(flywheel, { name: "sentiment", file: writeSentimentJsonl(folder, 40) });
  });
  afterAll(async () => {
    await flywheel?.close();
  });

  it(
    "stops the worker after a step when cancelled from another connection: job cancelled, process gone, no adapter, scratch folder removed",
    async () => {
      const name = `cancelled-${Date.now().toString(36)}`;
      // Far more steps than the test waits for: only a cancel ends this job soon.
      const job = await startFineTune(flywheel, { dataset: "sentiment", baseModel: "local:tiny", name, hyperparameters: { maxSteps: 500, batchSize: 2, seed: 1 } });
      const steps: { step: number; secondsPerStep: number }[] = [];
      const running = runFineTuneJob(flywheel, job.jobId, {
        queue: createStoreJobQueue(flywheel.store, { heartbeatMs: 100 }),
        onProgress: (progress) => steps.push({ step: Number(progress.step), secondsPerStep: Number(progress.secondsPerStep) }),
      });
      while (steps.length === 0) await sleep(50);

      const workers = trainingWorkers();
      expect(workers).toHaveLength(1);
      const scratch = String((await flywheel.store.jobs.get(job.jobId))!.checkpoint!.directory);
      expect(path.dirname(scratch)).toBe(environment!.jobs);
      expect(existsSync(path.join(scratch, "train.jsonl"))).toBe(true);

      // Another process: its own connection to the store.
      const other = await openStore({ url: path.join(folder, "flywheel.db") });
      const cancelledAt = performance.now();
      await createStoreJobQueue(other).cancel(job.jobId);
      await other.close();
      const done = await running;
      const stopSeconds = (performance.now() - cancelledAt) / 1000;

      expect(done.state).toBe("cancelled");
      expect(done.error).toMatchObject({ code: "cancelled" });
      expect(done.result).toBeNull();
      // The worker stopped at a step boundary, well before the 30 s grace after which it would be killed.
      expect(stopSeconds).toBeLessThan(20);
      expect(steps.at(-1)!.step).toBeLessThan(500);
      expect(alive(workers[0]!)).toBe(false);
      expect(trainingWorkers()).toEqual([]);
      expect(existsSync(modelDirectory(home, name))).toBe(false);
      expect(storedModelInfos(home).map((model) => model.id)).not.toContain(`local:${name}`);
      expect(existsSync(scratch)).toBe(false);
      const events = await createStoreJobQueue(flywheel.store).events(job.jobId);
      expect(events.map((event) => event.type)).not.toContain("model-registered");
      expect(events.at(-1)?.type).toBe("job-cancelled");
      console.log(`cancelled at step ${steps.at(-1)!.step} (${steps.at(-1)!.secondsPerStep} s a step), stopped ${stopSeconds.toFixed(1)} s after the cancel`);
    },
    300_000,
  );
});
