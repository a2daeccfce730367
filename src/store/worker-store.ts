import type { SqlClient } from "./sql-client.js";

/** A worker process as it announced itself. */
export interface WorkerRecord {
  /** `<host>:<pid>:<random>`, unique per process. */
  workerId: string;
  host: string;
  pid: number;
  /** The queues it takes jobs from. */
  queues: string[];
  /** Jobs it runs at once. */
  concurrency: number;
  startedAt: number;
  /** Last sign of life (epoch ms). */
  heartbeatAt: number;
  /** Set when it stopped cleanly. */
  stoppedAt: number | null;
}

/** Worker processes and their heartbeats. */
export interface WorkerStore {
  /** Adds or refreshes a worker (its heartbeat is now). */
  announce(worker: Omit<WorkerRecord, "heartbeatAt" | "stoppedAt">, now: number): Promise<void>;
  /** Refreshes a worker's heartbeat. */
  beat(workerId: string, now: number): Promise<void>;
  /** Marks a worker stopped. */
  stop(workerId: string, now: number): Promise<void>;
  /** Workers with a heartbeat after `since` that have not stopped, optionally only those serving `queue`. */
  live(since: number, queue?: string): Promise<WorkerRecord[]>;
}

/** A WorkerStore over any SqlClient. */
export function createWorkerStore(client: SqlClient): WorkerStore {
  return {
    async announce(worker, now) {
      await client.execute(
        `INSERT INTO workers (worker_id, host, pid, queues, concurrency, started_at, heartbeat_at, stopped_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
         ON CONFLICT (worker_id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, stopped_at = NULL`,
        [worker.workerId, worker.host, worker.pid, JSON.stringify(worker.queues), worker.concurrency, worker.startedAt, now],
      );
    },
    async beat(workerId, now) {
      await client.execute("UPDATE workers SET heartbeat_at = ? WHERE worker_id = ?", [now, workerId]);
    },
    async stop(workerId, now) {
      await client.execute("UPDATE workers SET stopped_at = ? WHERE worker_id = ?", [now, workerId]);
    },
    async live(since, queue) {
      const rows = await client.query("SELECT * FROM workers WHERE heartbeat_at > ? AND stopped_at IS NULL ORDER BY started_at", [since]);
      return rows.map(toWorker).filter((worker) => queue === undefined || worker.queues.includes(queue));
    },
  };
}

function toWorker(row: Record<string, unknown>): WorkerRecord {
  return {
    workerId: String(row.worker_id),
    host: String(row.host),
    pid: Number(row.pid),
    queues: JSON.parse(String(row.queues)) as string[],
    concurrency: Number(row.concurrency),
    startedAt: Number(row.started_at),
    heartbeatAt: Number(row.heartbeat_at),
    stoppedAt: row.stopped_at === null || row.stopped_at === undefined ? null : Number(row.stopped_at),
  };
}
