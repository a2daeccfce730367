import { describe, expect, it } from "vitest";
import { fineTuneEngine, runFineTuneJob, startFineTune, UnsupportedBaseModelError } from "../../src/finetune/index.js";
import { createStoreJobQueue } from "../../src/jobs/index.js";
import type { Flywheel } from "../../src/runtime/index.js";

/** One fine-tuning engine under test. */
export interface EngineUnderTest {
  /** `--engine` name. */
  engine: string;
  /** A runtime whose store holds a dataset named `dataset` (closed by the caller's own hooks). */
  open(): Promise<Flywheel>;
  dataset: string;
  /** A base model the engine tunes. */
  baseModel: string;
  /** A base model of another provider, which `check` must refuse before anything is queued. */
  foreignModel: string;
  /** The job event after which a cancel must stop the engine's work mid-run. */
  cancelAfterEvent: string;
  /** Asserts that the engine's own work (a provider job, a process) stopped after a cancel. */
  expectWorkStopped(): void | Promise<void>;
}

/**
 * The contract every fine-tuning engine keeps: `check` refuses a base model it cannot tune
 * before a job is queued; `run` ends with a model id the registry resolves, registered by the
 * job; a cancel mid-run ends the job `cancelled` and stops the engine's own work.
 */
export function describeFineTuneEngineConformance(label: string, engine: EngineUnderTest): void {
  describe(`Fine-tuning engine conformance: ${label}`, () => {
    it("refuses a base model it cannot tune in check, before any job is queued", async () => {
      const flywheel = await engine.open();
      const check = fineTuneEngine(engine.engine).check(flywheel, { baseModel: engine.foreignModel, allowSetup: false });
      await expect(check).rejects.toSatisfy((error: unknown) => UnsupportedBaseModelError.isInstance(error));
      await expect(startFineTune(flywheel, { dataset: engine.dataset, baseModel: engine.foreignModel, engine: engine.engine })).rejects.toThrow(/cannot fine-tune/);
      expect(await flywheel.jobs.list()).toEqual([]);
    });

    it("runs a job to a tuned model the registry resolves, recorded on the job", async () => {
      const flywheel = await engine.open();
      await fineTuneEngine(engine.engine).check(flywheel, { baseModel: engine.baseModel, allowSetup: false });
      const job = await startFineTune(flywheel, { dataset: engine.dataset, baseModel: engine.baseModel, engine: engine.engine, name: "conformance" });
      const done = await runFineTuneJob(flywheel, job.jobId);
      expect(done.error).toBeNull();
      expect(done.state).toBe("succeeded");
      const model = String(done.result?.model);
      expect(() => flywheel.model(model)).not.toThrow();
      expect((await flywheel.jobs.events(job.jobId)).find((event) => event.type === "model-registered")).toBeDefined();
    });

    it("ends a job cancelled mid-run as cancelled, and stops the engine's own work", async () => {
      const flywheel = await engine.open();
      const queue = createStoreJobQueue(flywheel.store, { heartbeatMs: 20 });
      const job = await startFineTune(flywheel, { dataset: engine.dataset, baseModel: engine.baseModel, engine: engine.engine, queue });
      const done = await runFineTuneJob(flywheel, job.jobId, {
        queue,
        onEvent: (event) => {
          if (event.type === engine.cancelAfterEvent) void queue.cancel(job.jobId);
        },
      });
      expect(done.state).toBe("cancelled");
      await engine.expectWorkStopped();
    });
  });
}
