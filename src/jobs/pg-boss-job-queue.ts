import type { Job, PgBoss } from "pg-boss";
import type { JobRecord, Store } from "../store/index.js";
import { isFinalJobState } from "./job-queue.js";
import type { JobHandler, JobQueue, JobWorker, RunOptions } from "./job-queue.js";
import { createStoreJobQueue } from "./store-job-queue.js";

/** Options of `createPgBossJobQueue`. */
export interface PgBossJobQueueOptions {
  /** The PostgreSQL database pg-boss keeps its `pgboss` schema in (the store's own). */
  url: string;
  /**
   * A worker that shows no sign of life for this long has lost its job, which another worker
   * then takes over from its last checkpoint (default 60 s; at least 10).
   */
  leaseSeconds?: number;
  /** How often pg-boss's supervisor looks for lost jobs (default: a quarter of the lease). */
  superviseSeconds?: number;
  /** How often a running job shows it is alive (default: a fifth of the lease, at most 2 s). */
  heartbeatMs?: number;
  /** When `run` and `cancel` treat a running job's worker as gone (default: the lease). */
  staleAfterMs?: number;
}

/** The payload pg-boss carries: only the id; the job itself lives in the store. */
interface Delivery {
  jobId: string;
}

/** A JobQueue that `close()` must stop (it holds database connections). */
export interface ClosableJobQueue extends JobQueue {
  close(): Promise<void>;
}

/**
 * The job queue for many machines: jobs, events, progress and checkpoints stay in the store
 * (so listing, watching and cancelling work as with the in-process queue), while pg-boss, in
 * the same PostgreSQL, hands each job to one worker with a lease. A worker that dies stops
 * renewing both its pg-boss heartbeat and the job's: after the lease pg-boss offers the job
 * again and the next worker resumes it from its checkpoint. Only the worker that holds a job
 * can record its outcome, so a result is never stored twice.
 */
export function createPgBossJobQueue(store: Store, options: PgBossJobQueueOptions): ClosableJobQueue {
  const leaseSeconds = Math.max(10, Math.round(options.leaseSeconds ?? 60));
  const local = createStoreJobQueue(store, { heartbeatMs: options.heartbeatMs ?? Math.min(2_000, (leaseSeconds * 1000) / 5), staleAfterMs: options.staleAfterMs ?? leaseSeconds * 1000 });
  let started: Promise<PgBoss> | undefined;
  const created = new Map<string, Promise<void>>();
  const supervise = options.superviseSeconds ?? Math.max(1, Math.floor(leaseSeconds / 4));
  const working = new Set<JobWorker>();
  const boss = (): Promise<PgBoss> =>
    (started ??= (async () => {
      // Loaded on first use: importing pg-boss costs ~150 ms that commands without jobs never pay.
      const { PgBoss } = await import("pg-boss");
      const instance = new PgBoss({
        connectionString: options.url,
        max: 4,
        application_name: "flywheel-jobs",
        superviseIntervalSeconds: supervise,
        // Lost heartbeats are failed by the monitor pass, which runs at most this often (default 60 s).
        monitorIntervalSeconds: supervise,
        schedule: false,
      });
      // Connection trouble is retried by pg-boss; the store reports it where it matters.
      instance.on("error", () => undefined);
      await instance.start();
      return instance;
    })());
  const ensureQueue = (name: string): Promise<void> => {
    let pending = created.get(name);
    if (pending === undefined) {
      pending = (async () => {
        const instance = await boss();
        if ((await instance.getQueue(name)) !== null) return;
        await instance
          .createQueue(name, { heartbeatSeconds: leaseSeconds, expireInSeconds: 24 * 60 * 60, retryLimit: 20, retryDelay: 1 })
          .catch(async (error: unknown) => {
            // Another process created it at the same moment.
            if ((await instance.getQueue(name)) === null) throw error;
          });
      })();
      created.set(name, pending);
    }
    return pending;
  };

  const staleAfterMs = options.staleAfterMs ?? leaseSeconds * 1000;
  /**
   * Runs a delivered job if it is queued or its worker is gone, until it ends or this process
   * stops. A job that a live worker elsewhere holds (another worker, or a command running it
   * itself) is not waited on: the answer is how many seconds until its heartbeat could go stale.
   */
  const take = async (jobId: string, handler: JobHandler, runOptions: RunOptions): Promise<JobRecord | number> => {
    const job = await local.get(jobId);
    const staleInMs = (job.heartbeatAt ?? 0) + staleAfterMs - Date.now();
    if (job.state === "running" && staleInMs > 0) return Math.ceil(staleInMs / 1000);
    return isFinalJobState(job.state) ? job : local.run(jobId, handler, runOptions);
  };

  return {
    async enqueue(queue, payload, enqueueOptions) {
      const job = await local.enqueue(queue, payload, enqueueOptions);
      await ensureQueue(queue);
      await (await boss()).send(queue, { jobId: job.jobId } satisfies Delivery, { singletonKey: job.jobId });
      return job;
    },
    get: local.get,
    list: local.list,
    events: local.events,
    cancel: local.cancel,
    run: local.run,
    watch: local.watch,
    work(queue, handler, workOptions = {}): JobWorker {
      const stopping = new AbortController();
      const registration = (async () => {
        await ensureQueue(queue);
        const instance = await boss();
        return instance.work<Delivery>(
          queue,
          { batchSize: 1, localConcurrency: workOptions.concurrency ?? 1, pollingIntervalSeconds: Math.max(0.5, (workOptions.pollMs ?? 1_000) / 1000) },
          async ([delivery]: Job<Delivery>[]) => {
            const signal = AbortSignal.any([stopping.signal, delivery!.signal]);
            const taken = await take(delivery!.data.jobId, handler, { signal });
            // Held by a live worker elsewhere: look again once it could have died, without holding a
            // slot meanwhile. Left by this worker as it stops: offered again at once. Neither uses up
            // a retry, which pg-boss keeps for workers that die holding the delivery.
            if (typeof taken === "number") await instance.send(queue, delivery!.data, { startAfter: taken });
            else if (!isFinalJobState(taken.state)) await instance.send(queue, delivery!.data);
          },
        );
      })();
      const worker: JobWorker = {
        async stop() {
          working.delete(worker);
          stopping.abort();
          const workerId = await registration.catch(() => undefined);
          if (workerId !== undefined) await (await boss()).offWork(queue, { id: workerId, wait: true }).catch(() => undefined);
        },
      };
      working.add(worker);
      return worker;
    },
    async close() {
      if (started === undefined) return;
      // Workers first, while pg-boss still runs: the jobs they hold are left resumable and offered again.
      await Promise.all([...working].map((worker) => worker.stop()));
      const instance = await started.catch(() => undefined);
      await instance?.stop({ graceful: true, timeout: 10_000 }).catch(() => undefined);
    },
  };
}
