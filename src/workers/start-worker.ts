import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { JobHandler, JobRecord, JobWorker } from "../jobs/index.js";
import type { Flywheel } from "../runtime/index.js";
import { applyTraceRetention } from "../runtime/index.js";

/** Options of `startWorker`. */
export interface StartWorkerOptions {
  /** The handler of each queue served. */
  handlers: Record<string, JobHandler>;
  /** Jobs of each queue run at once. */
  concurrency: number;
  /** Called when a job starts and when its handler ends. */
  onJob?: (event: WorkerJobEvent) => void;
  /** Called when the worker applied `traces.retention` and deleted traces. */
  onPruned?: (pruned: { traces: number; spans: number }) => void;
}

/** How often a worker applies `traces.retention` (also once at start). */
const RETENTION_EVERY_MS = 60 * 60 * 1000;

/** A job starting or ending in a worker. */
export interface WorkerJobEvent {
  /** `stopped`: this process is stopping and the job stays resumable. */
  type: "started" | "succeeded" | "failed" | "cancelled" | "stopped";
  job: JobRecord;
  /** Milliseconds since it started (0 at start). */
  durationMs: number;
  /** Why it failed. */
  message?: string;
}

/** A running worker. */
export interface RunningWorker {
  /** `<host>:<pid>:<random>`, as announced in the store. */
  readonly workerId: string;
  /** Stops taking jobs, leaves running ones resumable and marks the worker stopped. */
  stop(): Promise<void>;
}

/**
 * Serves queues from the runtime's job queue (pg-boss on PostgreSQL, the store queue on a file)
 * and announces the worker in the store with a heartbeat every quarter of the lease, so
 * `hasLiveWorkers` can tell commands that queued work will be taken. Each job's result names
 * the worker that ran it. `traces.retention` is applied at start and hourly (several workers
 * may apply it; the second finds nothing to delete).
 */
export async function startWorker(flywheel: Flywheel, options: StartWorkerOptions): Promise<RunningWorker> {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const queues = Object.keys(options.handlers);
  const startedAt = Date.now();
  await flywheel.store.workers.announce({ workerId, host: hostname(), pid: process.pid, queues, concurrency: options.concurrency, startedAt }, startedAt);
  const beat = setInterval(() => void flywheel.store.workers.beat(workerId, Date.now()).catch(() => undefined), (flywheel.config.jobs.leaseSeconds * 1000) / 4);
  const prune = () =>
    void applyTraceRetention(flywheel)
      .then((pruned) => {
        if (pruned !== undefined && pruned.traces > 0) options.onPruned?.(pruned);
      })
      .catch(() => undefined);
  prune();
  const retention = setInterval(prune, RETENTION_EVERY_MS);
  retention.unref();
  const workers: JobWorker[] = Object.entries(options.handlers).map(([queue, handler]) =>
    flywheel.jobs.work(queue, reporting(handler, workerId, options.onJob), { concurrency: options.concurrency }),
  );
  return {
    workerId,
    async stop() {
      clearInterval(beat);
      clearInterval(retention);
      await Promise.all(workers.map((worker) => worker.stop()));
      await flywheel.store.workers.stop(workerId, Date.now());
    },
  };
}

/** Wraps a handler so the worker can say when each job starts and ends, and sign its result. */
function reporting(handler: JobHandler, workerId: string, onJob: StartWorkerOptions["onJob"]): JobHandler {
  return async (context) => {
    const started = Date.now();
    onJob?.({ type: "started", job: context.job, durationMs: 0 });
    try {
      const result = await handler(context);
      onJob?.({ type: "succeeded", job: context.job, durationMs: Date.now() - started });
      return { ...result, worker: workerId };
    } catch (error) {
      const type = context.cancelRequested() ? "cancelled" : context.signal.aborted ? "stopped" : "failed";
      onJob?.({ type, job: context.job, durationMs: Date.now() - started, message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  };
}
