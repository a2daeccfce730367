import { randomBytes, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { CancelledError, toFlywheelError } from "../errors/index.js";
import type { JobRecord, Store } from "../store/index.js";
import { JobDetachedError, JobNotFoundError } from "./job-errors.js";
import { isFinalJobState } from "./job-queue.js";
import type { JobContext, JobHandler, JobQueue, JobWorker, RunOptions, WatchOptions } from "./job-queue.js";

/** Options of `createStoreJobQueue`. */
export interface StoreJobQueueOptions {
  /** How often a running job's worker shows it is alive and checks for a cancel (default 2 s). */
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this has lost its worker (default 15 s). */
  staleAfterMs?: number;
}

/**
 * The in-process job queue: jobs are rows in the store, run by the process that claims them,
 * with a heartbeat so other processes can tell a live job from an orphaned one (which they may
 * resume) and a cancel flag that the running worker checks at every beat.
 */
export function createStoreJobQueue(store: Store, options: StoreJobQueueOptions = {}): JobQueue {
  const heartbeatMs = options.heartbeatMs ?? 2_000;
  const staleAfterMs = options.staleAfterMs ?? 15_000;
  const workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  // Jobs running in this process, with a way to cancel each at once.
  const local = new Map<string, { cancel(): void }>();

  const get = async (idOrPrefix: string): Promise<JobRecord> => {
    const exact = await store.jobs.get(idOrPrefix);
    if (exact !== undefined) return exact;
    if (idOrPrefix.length >= 6) {
      const matches = await store.jobs.findByPrefix(idOrPrefix);
      if (matches.length === 1) return matches[0]!;
      if (matches.length > 1) throw new JobNotFoundError({ jobId: idOrPrefix, ambiguous: true });
    }
    throw new JobNotFoundError({ jobId: idOrPrefix });
  };

  const execute = async (job: JobRecord, handler: JobHandler, outer: AbortSignal | undefined, report: Omit<RunOptions, "signal"> = {}): Promise<JobRecord> => {
    const controller = new AbortController();
    let seq = (await store.jobs.events(job.jobId)).at(-1)?.seq ?? 0;
    let cancelRequested = false;
    local.set(job.jobId, {
      cancel: () => {
        cancelRequested = true;
        controller.abort();
      },
    });
    const onOuterAbort = () => controller.abort();
    outer?.addEventListener("abort", onOuterAbort, { once: true });
    const beat = setInterval(() => {
      void (async () => {
        const now = Date.now();
        await store.jobs.update(job.jobId, workerId, { heartbeatAt: now }).catch(() => false);
        const current = await store.jobs.get(job.jobId).catch(() => undefined);
        if (current?.cancelRequested === true && !controller.signal.aborted) {
          cancelRequested = true;
          controller.abort();
        }
      })();
    }, heartbeatMs);
    const context: JobContext = {
      job,
      signal: controller.signal,
      cancelRequested: () => cancelRequested,
      event: async (type, data = {}) => {
        const time = Date.now();
        await store.jobs.appendEvent(job.jobId, { time, type, data });
        seq += 1;
        report.onEvent?.({ jobId: job.jobId, seq, time, type, data });
      },
      progress: async (data) => {
        await store.jobs.update(job.jobId, workerId, { progress: data, heartbeatAt: Date.now() });
        report.onProgress?.(data, job);
      },
      checkpoint: async (data) => {
        await store.jobs.update(job.jobId, workerId, { checkpoint: data });
      },
    };
    try {
      const result = await handler(context);
      // Only the worker that still holds the job records its outcome: one that was presumed dead
      // and replaced finds the job no longer its own, so a result is never stored twice.
      if (await store.jobs.update(job.jobId, workerId, { state: "succeeded", result, finishedAt: Date.now() })) await context.event("job-succeeded", {});
    } catch (error) {
      const detached = toFlywheelError(error).code === new JobDetachedError().code;
      if (detached && !cancelRequested) {
        // Leave it running with a heartbeat in the past: the next process that looks resumes it.
        await store.jobs.update(job.jobId, workerId, { heartbeatAt: 0 });
      } else {
        const cancelled = cancelRequested || toFlywheelError(error).code === "cancelled";
        const failure = cancelled ? new CancelledError("the job") : toFlywheelError(error);
        await store.jobs.update(job.jobId, workerId, {
          state: cancelled ? "cancelled" : "failed",
          error: { code: failure.code, message: failure.message, ...(failure.hint === undefined ? {} : { hint: failure.hint }) },
          finishedAt: Date.now(),
        });
        await context.event(cancelled ? "job-cancelled" : "job-failed", { code: failure.code, message: failure.message });
      }
    } finally {
      clearInterval(beat);
      outer?.removeEventListener("abort", onOuterAbort);
      local.delete(job.jobId);
    }
    return get(job.jobId);
  };

  const watch = async (jobId: string, watchOptions: WatchOptions = {}): Promise<JobRecord> => {
    let lastSeq = 0;
    let lastProgress = "";
    for (;;) {
      const job = await get(jobId);
      for (const event of await store.jobs.events(job.jobId, { afterSeq: lastSeq })) {
        lastSeq = event.seq;
        watchOptions.onEvent?.(event);
      }
      const progress = JSON.stringify(job.progress);
      if (job.progress !== null && progress !== lastProgress) {
        lastProgress = progress;
        watchOptions.onProgress?.(job.progress, job);
      }
      if (isFinalJobState(job.state)) return job;
      if (watchOptions.signal?.aborted === true) return job;
      await sleep(watchOptions.pollMs ?? 500, undefined, { signal: watchOptions.signal }).catch(() => undefined);
    }
  };

  const tryClaim = async (jobId: string): Promise<boolean> => {
    const now = Date.now();
    return store.jobs.claim(jobId, { workerId, now, staleBefore: now - staleAfterMs });
  };

  return {
    async enqueue(queue, payload, enqueueOptions = {}) {
      const jobId = enqueueOptions.jobId ?? randomUUID();
      await store.jobs.insert({ jobId, queue, payload, createdAt: Date.now() });
      await store.jobs.appendEvent(jobId, { time: Date.now(), type: "job-queued", data: {} });
      return get(jobId);
    },
    get,
    list: (filter = {}) => store.jobs.list(filter),
    events: (jobId, eventOptions) => store.jobs.events(jobId, eventOptions),
    async cancel(idOrPrefix) {
      const job = await get(idOrPrefix);
      if (isFinalJobState(job.state)) return job;
      const after = await store.jobs.requestCancel(job.jobId, Date.now());
      if (after?.state === "cancelled" && job.state === "queued") await store.jobs.appendEvent(job.jobId, { time: Date.now(), type: "job-cancelled", data: {} });
      local.get(job.jobId)?.cancel();
      // A running job whose worker is gone has nobody to stop it: finish it here.
      const now = Date.now();
      if (after?.state === "running" && (after.heartbeatAt ?? 0) < now - staleAfterMs && !local.has(job.jobId)) {
        await store.jobs.update(job.jobId, null, { state: "cancelled", error: { code: "cancelled", message: "the job was cancelled" }, finishedAt: now });
        await store.jobs.appendEvent(job.jobId, { time: now, type: "job-cancelled", data: { orphaned: true } });
      }
      return get(job.jobId);
    },
    async run(jobId, handler, runOptions = {}) {
      const job = await get(jobId);
      if (isFinalJobState(job.state)) return job;
      const { signal, ...report } = runOptions;
      if (!(await tryClaim(job.jobId))) return watch(job.jobId, { ...report, ...(signal === undefined ? {} : { signal }) });
      return execute(await get(job.jobId), handler, signal, report);
    },
    watch,
    work(queue, handler, workOptions = {}): JobWorker {
      const controller = new AbortController();
      const running = new Set<Promise<JobRecord>>();
      const loop = (async () => {
        while (!controller.signal.aborted) {
          const candidates = await store.jobs.list({ queue, states: ["queued", "running"], limit: 50 });
          for (const job of candidates.reverse()) {
            if (running.size >= (workOptions.concurrency ?? Number.POSITIVE_INFINITY)) break;
            if (local.has(job.jobId) || !(await tryClaim(job.jobId))) continue;
            const task = execute(await get(job.jobId), handler, controller.signal);
            running.add(task);
            void task.finally(() => running.delete(task));
          }
          await sleep(workOptions.pollMs ?? 1_000, undefined, { signal: controller.signal }).catch(() => undefined);
        }
      })();
      return {
        async stop() {
          controller.abort();
          await loop;
          await Promise.allSettled([...running]);
        },
      };
    },
  };
}
