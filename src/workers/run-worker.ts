import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { UsageError } from "../errors/index.js";
import type { JobHandler, JobWorker } from "../jobs/index.js";
import type { Flywheel } from "../runtime/index.js";
import { toFlywheelError } from "../errors/index.js";
import { workerHandlers } from "./worker-handlers.js";

/** A job a worker started or finished. */
export interface WorkerJobEvent {
  phase: "started" | "finished";
  queue: string;
  jobId: string;
  /** On finish: how the handler ended (`succeeded` or `failed`; `left` when the worker stopped mid-job). */
  state?: "succeeded" | "failed" | "left";
  error?: string;
}

/** Options of `runWorker`. */
export interface RunWorkerOptions {
  /** Queues to serve (default: every queue in `workerHandlers`). */
  queues?: string[];
  /** Jobs of each queue at once (default 1). */
  concurrency?: number;
  /** Stops the worker: it takes no new jobs and leaves its running ones resumable. */
  signal: AbortSignal;
  onJob?: (event: WorkerJobEvent) => void;
}

/** A worker that is running. */
export interface RunningWorker {
  /** `<host>:<pid>:<random>`, as recorded in the store's workers table. */
  workerId: string;
  queues: string[];
  /** Settles once the worker has stopped (after the signal) and marked itself stopped. */
  done: Promise<void>;
}

/**
 * Serves job queues in this process: announces itself in the store (with a heartbeat, so
 * commands can tell that a worker will take their work), takes jobs from `flywheel.jobs`, and
 * stops when the signal aborts. Many workers on many machines can serve one PostgreSQL store.
 */
export async function runWorker(flywheel: Flywheel, options: RunWorkerOptions): Promise<RunningWorker> {
  const handlers = workerHandlers(flywheel);
  const queues = options.queues ?? Object.keys(handlers);
  const unknown = queues.filter((queue) => handlers[queue] === undefined);
  if (unknown.length > 0) throw new UsageError(`unknown queue ${unknown.join(", ")}`, `choose from ${Object.keys(handlers).join(", ")}`);
  const concurrency = options.concurrency ?? 1;
  const workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const startedAt = Date.now();
  await flywheel.store.workers.announce({ workerId, host: hostname(), pid: process.pid, queues, concurrency, startedAt }, startedAt);
  const beatMs = Math.max(1_000, (flywheel.config.jobs.leaseSeconds * 1000) / 4);
  const beat = setInterval(() => void flywheel.store.workers.beat(workerId, Date.now()).catch(() => undefined), beatMs);
  const workers: JobWorker[] = queues.map((queue) => flywheel.jobs.work(queue, reporting(queue, handlers[queue]!, workerId, options), { concurrency }));
  const done = (async () => {
    if (!options.signal.aborted) await new Promise<void>((resolve) => options.signal.addEventListener("abort", () => resolve(), { once: true }));
    clearInterval(beat);
    await Promise.all(workers.map((worker) => worker.stop()));
    await flywheel.store.workers.stop(workerId, Date.now()).catch(() => undefined);
  })();
  return { workerId, queues, done };
}

/** True when a live worker serves `queue` (its heartbeat is younger than the lease). */
export async function hasLiveWorkers(flywheel: Flywheel, queue: string): Promise<boolean> {
  return (await flywheel.store.workers.live(Date.now() - flywheel.config.jobs.leaseSeconds * 1000, queue)).length > 0;
}

function reporting(queue: string, handler: JobHandler, workerId: string, options: RunWorkerOptions): JobHandler {
  return async (context) => {
    options.onJob?.({ phase: "started", queue, jobId: context.job.jobId });
    try {
      const result = await handler(context);
      options.onJob?.({ phase: "finished", queue, jobId: context.job.jobId, state: "succeeded" });
      return { ...result, worker: workerId };
    } catch (error) {
      const stopping = context.signal.aborted && !context.cancelRequested();
      options.onJob?.({ phase: "finished", queue, jobId: context.job.jobId, state: stopping ? "left" : "failed", error: toFlywheelError(error).message });
      throw error;
    }
  };
}
