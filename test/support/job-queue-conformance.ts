import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobDetachedError } from "../../src/jobs/index.js";
import type { JobContext, JobQueue } from "../../src/jobs/index.js";
import { deferred, within } from "./deferred.js";

/** Two queues over one backing store, as two processes would see it. */
export interface QueuePair {
  first: JobQueue;
  second: JobQueue;
  close(): Promise<void>;
}

/**
 * The behaviour every JobQueue must show. `open` gives two queue instances that share
 * storage (heartbeat every ~50 ms, stale after ~300 ms), standing for two processes.
 */
export function describeJobQueueConformance(label: string, open: () => Promise<QueuePair>): void {
  describe(`JobQueue conformance: ${label}`, () => {
    let pair: QueuePair;
    beforeEach(async () => {
      pair = await open();
    });
    afterEach(async () => {
      await pair.close();
    });

    it("runs a job to success, keeping its result, progress and events in order", async () => {
      const job = await pair.first.enqueue("work", { n: 2 });
      expect(job.state).toBe("queued");
      const done = await pair.first.run(job.jobId, async (context) => {
        await context.event("phase", { phase: "adding" });
        await context.progress({ step: 1, total: 1 });
        return { sum: (context.job.payload.n as number) + 1 };
      });
      expect(done).toMatchObject({ state: "succeeded", result: { sum: 3 }, progress: { step: 1, total: 1 }, attempts: 1 });
      expect((await pair.second.events(job.jobId)).map((event) => event.type)).toEqual(["job-queued", "phase", "job-succeeded"]);
      expect((await pair.second.list({ queue: "work" })).map((item) => item.jobId)).toEqual([job.jobId]);
    });

    it("marks a job failed with the error's code and message", async () => {
      const job = await pair.first.enqueue("work", {});
      const done = await pair.first.run(job.jobId, () => Promise.reject(new Error("disk full")));
      expect(done.state).toBe("failed");
      expect(done.error).toMatchObject({ message: expect.stringContaining("disk full") as unknown as string });
    });

    it("cancels a running job from another process: the handler's signal aborts", async () => {
      const job = await pair.first.enqueue("work", {});
      let sawCancel = false;
      const started = deferred();
      const running = pair.first.run(job.jobId, async (context) => {
        started.resolve();
        await new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve(), { once: true }));
        sawCancel = context.cancelRequested();
        throw new Error("stopped");
      });
      await started.promise;
      expect((await pair.second.get(job.jobId)).state).toBe("running");
      await pair.second.cancel(job.jobId.slice(0, 8));
      const done = await running;
      expect(sawCancel).toBe(true);
      expect(done.state).toBe("cancelled");
      expect((await pair.second.events(job.jobId)).at(-1)!.type).toBe("job-cancelled");
    });

    it("cancels a queued job at once, and never runs it", async () => {
      const job = await pair.first.enqueue("work", {});
      expect((await pair.second.cancel(job.jobId)).state).toBe("cancelled");
      let ran = false;
      const done = await pair.first.run(job.jobId, () => {
        ran = true;
        return Promise.resolve({});
      });
      expect(ran).toBe(false);
      expect(done.state).toBe("cancelled");
    });

    it("lets a restarted process resume a job whose worker went away, with its checkpoint", async () => {
      const job = await pair.first.enqueue("work", {});
      const detached = await pair.first.run(job.jobId, async (context) => {
        await context.checkpoint({ remoteId: "ftjob-1" });
        throw new JobDetachedError();
      });
      expect(detached.state).toBe("running");
      const resumed = await pair.second.run(job.jobId, (context) => Promise.resolve({ resumedFrom: context.job.checkpoint?.remoteId ?? null }));
      expect(resumed).toMatchObject({ state: "succeeded", result: { resumedFrom: "ftjob-1" }, attempts: 2 });
    });

    it("does not take a job from a live worker: a second run and a watcher follow it to the end, seeing each progress step", async () => {
      const job = await pair.first.enqueue("work", {});
      const started = deferred();
      const seen: number[] = [];
      const watcherSaw = new Map<number, () => void>();
      const first = pair.first.run(job.jobId, async (context) => {
        started.resolve();
        for (let step = 1; step <= 3; step += 1) {
          // The next step waits until the watcher has seen this one: progress keeps only the latest.
          const delivered = new Promise<void>((resolve) => watcherSaw.set(step, resolve));
          await context.progress({ step });
          await within(delivered, 10_000, `delivery of progress step ${step} to the watcher`);
        }
        return { by: "first" };
      });
      await started.promise;
      let handled = false;
      const second = pair.second.run(job.jobId, () => {
        handled = true;
        return Promise.resolve({ by: "second" });
      });
      const watched = await pair.second.watch(job.jobId, {
        pollMs: 30,
        onProgress: (progress) => {
          seen.push(progress.step as number);
          watcherSaw.get(progress.step as number)?.();
        },
      });
      expect(seen).toEqual([1, 2, 3]);
      expect(watched).toMatchObject({ state: "succeeded", progress: { step: 3 } });
      expect((await second).result).toEqual({ by: "first" });
      expect(handled).toBe(false);
      expect((await first).result).toEqual({ by: "first" });
    });

    it("works through a queue in the background and stops cleanly", async () => {
      const worker = pair.second.work("batch", (context) => Promise.resolve({ doubled: (context.job.payload.n as number) * 2 }), { pollMs: 30 });
      const jobs = await Promise.all([1, 2, 3].map((n) => pair.first.enqueue("batch", { n })));
      const done = await Promise.all(jobs.map((job) => pair.first.watch(job.jobId, { pollMs: 30 })));
      await worker.stop();
      expect(done.map((job) => job.result?.doubled)).toEqual([2, 4, 6]);
    });

    it("shares a queue between two processes' workers: each job runs once, at most `concurrency` at a time in each", async () => {
      const runs: string[] = [];
      const running = { first: 0, second: 0 };
      let most = 0;
      const handler = (who: "first" | "second") => async (context: JobContext) => {
        runs.push(context.job.jobId);
        running[who] += 1;
        most = Math.max(most, running[who]);
        await new Promise((resolve) => setTimeout(resolve, 100));
        running[who] -= 1;
        return { by: who };
      };
      const workers = [pair.first.work("shared", handler("first"), { pollMs: 30, concurrency: 1 }), pair.second.work("shared", handler("second"), { pollMs: 30, concurrency: 1 })];
      const jobs = await Promise.all([1, 2, 3, 4].map((n) => pair.first.enqueue("shared", { n })));
      const done = await within(Promise.all(jobs.map((job) => pair.second.watch(job.jobId, { pollMs: 30 }))), 20_000, "four jobs on two workers");
      await Promise.all(workers.map((worker) => worker.stop()));
      expect(done.map((job) => job.state)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
      expect(runs.toSorted()).toEqual(jobs.map((job) => job.jobId).toSorted());
      expect(most).toBe(1);
    });

    it("keeps a background worker free while another process runs a job of its queue: it takes the next one", async () => {
      const held = await pair.first.enqueue("busy", {});
      const release = deferred();
      const started = deferred();
      const holding = pair.first.run(held.jobId, async () => {
        started.resolve();
        await release.promise;
        return { by: "first" };
      });
      await started.promise;
      const worker = pair.second.work("busy", () => Promise.resolve({ by: "worker" }), { pollMs: 30, concurrency: 1 });
      try {
        const next = await pair.first.enqueue("busy", {});
        const done = await within(pair.second.watch(next.jobId, { pollMs: 30 }), 10_000, "the worker to take the next job while the first is held elsewhere");
        expect(done.result).toEqual({ by: "worker" });
        expect((await pair.second.get(held.jobId)).state).toBe("running");
      } finally {
        release.resolve();
        expect((await holding).result).toEqual({ by: "first" });
        await worker.stop();
      }
    });

    it("cancels a job a background worker holds: its handler aborts, it ends cancelled once, and the worker goes on", async () => {
      const started = deferred();
      const worker = pair.second.work(
        "cancellable",
        async (context) => {
          if (context.job.payload.wait !== true) return { quick: true };
          started.resolve();
          await new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve(), { once: true }));
          throw new Error(context.cancelRequested() ? "cancelled" : "stopping");
        },
        { pollMs: 30, concurrency: 1 },
      );
      try {
        const job = await pair.first.enqueue("cancellable", { wait: true });
        await within(started.promise, 10_000, "the worker to start the job");
        await pair.first.cancel(job.jobId);
        const done = await within(pair.first.watch(job.jobId, { pollMs: 30 }), 10_000, "the cancel to reach the worker");
        expect(done.state).toBe("cancelled");
        const types = (await pair.first.events(job.jobId)).map((event) => event.type);
        expect(types.filter((type) => type === "job-cancelled")).toHaveLength(1);
        expect(types).not.toContain("job-failed");
        const next = await pair.first.enqueue("cancellable", {});
        expect((await within(pair.first.watch(next.jobId, { pollMs: 30 }), 10_000, "the worker to take the next job")).result).toEqual({ quick: true });
      } finally {
        await worker.stop();
      }
    });

    it("leaves a job resumable when its worker stops mid-job: another process resumes it from its checkpoint", async () => {
      const started = deferred();
      const worker = pair.second.work(
        "resumable",
        async (context) => {
          await context.checkpoint({ done: 1 });
          started.resolve();
          await new Promise<void>((resolve) => context.signal.addEventListener("abort", () => resolve(), { once: true }));
          throw new JobDetachedError();
        },
        { pollMs: 30 },
      );
      const job = await pair.first.enqueue("resumable", {});
      await within(started.promise, 10_000, "the worker to start the job");
      await worker.stop();
      const left = await pair.first.get(job.jobId);
      expect(left.state).toBe("running");
      const resumed = await pair.first.run(job.jobId, (context) => Promise.resolve({ from: context.job.checkpoint?.done ?? null }));
      expect(resumed).toMatchObject({ state: "succeeded", result: { from: 1 }, attempts: 2 });
    });
  });
}
