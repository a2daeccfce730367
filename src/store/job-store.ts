import { nullableNumber, nullableString } from "./row-values.js";
import type { SqlClient, SqlValue } from "./sql-client.js";

/** Where a job is in its life. `queued` and `running` are live; the rest are final. */
export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** A job as stored. JSON columns are parsed. */
export interface JobRecord {
  jobId: string;
  /** Which queue (kind of work) it belongs to, e.g. `finetune`. */
  queue: string;
  state: JobState;
  /** What to do: the input given when it was queued. */
  payload: Record<string, unknown>;
  /** What the work has done so far that a resumed run needs (a provider's job id). */
  checkpoint: Record<string, unknown> | null;
  /** The latest progress report (step, loss, time left). */
  progress: Record<string, unknown> | null;
  result: Record<string, unknown> | null;
  error: { code: string; message: string; hint?: string } | null;
  /** Someone asked to cancel; the running worker stops at its next check. */
  cancelRequested: boolean;
  attempts: number;
  /** The process that runs it (`<host>:<pid>:<random>`). */
  workerId: string | null;
  /** Last sign of life of the worker (epoch ms); a stale one means the process is gone. */
  heartbeatAt: number | null;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** One thing that happened to a job (a phase, a log line, a metric). */
export interface JobEventRecord {
  jobId: string;
  /** 1, 2, 3... per job. */
  seq: number;
  time: number;
  type: string;
  data: Record<string, unknown>;
}

/** Fields a worker may change on its job. */
export interface JobUpdate {
  state?: JobState;
  checkpoint?: Record<string, unknown>;
  progress?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: JobRecord["error"];
  heartbeatAt?: number;
  finishedAt?: number;
}

/** Rows of the jobs layer: the in-process queue keeps its state here, so any process can see it. */
export interface JobStore {
  insert(job: { jobId: string; queue: string; payload: Record<string, unknown>; createdAt: number }): Promise<void>;
  get(jobId: string): Promise<JobRecord | undefined>;
  /** A job by a unique id prefix of at least 6 characters. */
  findByPrefix(prefix: string): Promise<JobRecord[]>;
  list(filter: { queue?: string; states?: JobState[]; limit?: number }): Promise<JobRecord[]>;
  /**
   * Takes a job for a worker: a queued job, or a running one whose heartbeat is older than
   * `staleBefore` (its process ended). True when this worker got it.
   */
  claim(jobId: string, options: { workerId: string; now: number; staleBefore: number }): Promise<boolean>;
  /** Updates the job if this worker still holds it (or unconditionally with `workerId` null). */
  update(jobId: string, workerId: string | null, update: JobUpdate): Promise<boolean>;
  /** Marks a cancel request; a queued job is cancelled at once. Returns the job after. */
  requestCancel(jobId: string, now: number): Promise<JobRecord | undefined>;
  appendEvent(jobId: string, event: { time: number; type: string; data: Record<string, unknown> }): Promise<void>;
  events(jobId: string, options?: { afterSeq?: number; limit?: number }): Promise<JobEventRecord[]>;
}

/** A JobStore over any SqlClient. */
export function createJobStore(client: SqlClient): JobStore {
  const get = async (jobId: string) => {
    const [row] = await client.query("SELECT * FROM jobs WHERE job_id = ?", [jobId]);
    return row === undefined ? undefined : toJob(row);
  };
  return {
    async insert(job) {
      await client.execute("INSERT INTO jobs (job_id, queue, state, payload, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?, ?)", [
        job.jobId,
        job.queue,
        JSON.stringify(job.payload),
        job.createdAt,
        job.createdAt,
      ]);
    },
    get,
    async findByPrefix(prefix) {
      const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      const rows = await client.query("SELECT * FROM jobs WHERE job_id LIKE ? ESCAPE '\\' ORDER BY created_at DESC LIMIT 2", [`${escaped}%`]);
      return rows.map(toJob);
    },
    async list(filter) {
      const where: string[] = [];
      const params: SqlValue[] = [];
      if (filter.queue !== undefined) {
        where.push("queue = ?");
        params.push(filter.queue);
      }
      if (filter.states !== undefined && filter.states.length > 0) {
        where.push(`state IN (${filter.states.map(() => "?").join(", ")})`);
        params.push(...filter.states);
      }
      const rows = await client.query(`SELECT * FROM jobs ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, job_id DESC LIMIT ?`, [
        ...params,
        Math.min(filter.limit ?? 100, 10_000),
      ]);
      return rows.map(toJob);
    },
    async claim(jobId, options) {
      const result = await client.execute(
        `UPDATE jobs SET state = 'running', worker_id = ?, heartbeat_at = ?, updated_at = ?, attempts = attempts + 1,
           started_at = COALESCE(started_at, ?)
         WHERE job_id = ? AND cancel_requested = 0 AND (state = 'queued' OR (state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < ?)))`,
        [options.workerId, options.now, options.now, options.now, jobId, options.staleBefore],
      );
      return result.rowsAffected === 1;
    },
    async update(jobId, workerId, update) {
      const sets: string[] = [];
      const params: SqlValue[] = [];
      const set = (column: string, value: SqlValue) => {
        sets.push(`${column} = ?`);
        params.push(value);
      };
      if (update.state !== undefined) set("state", update.state);
      if (update.checkpoint !== undefined) set("checkpoint", JSON.stringify(update.checkpoint));
      if (update.progress !== undefined) set("progress", JSON.stringify(update.progress));
      if (update.result !== undefined) set("result", JSON.stringify(update.result));
      if (update.error !== undefined) set("error", update.error === null ? null : JSON.stringify(update.error));
      if (update.heartbeatAt !== undefined) set("heartbeat_at", update.heartbeatAt);
      if (update.finishedAt !== undefined) set("finished_at", update.finishedAt);
      set("updated_at", update.heartbeatAt ?? update.finishedAt ?? Date.now());
      const owner = workerId === null ? "" : " AND worker_id = ?";
      const result = await client.execute(`UPDATE jobs SET ${sets.join(", ")} WHERE job_id = ?${owner}`, [...params, jobId, ...(workerId === null ? [] : [workerId])]);
      return result.rowsAffected === 1;
    },
    async requestCancel(jobId, now) {
      await client.batch([
        { sql: "UPDATE jobs SET state = 'cancelled', cancel_requested = 1, finished_at = ?, updated_at = ? WHERE job_id = ? AND state = 'queued'", params: [now, now, jobId] },
        { sql: "UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE job_id = ? AND state = 'running'", params: [now, jobId] },
      ]);
      return get(jobId);
    },
    async appendEvent(jobId, event) {
      // One statement numbers and inserts the event, so concurrent writers never interleave.
      await client.execute(
        `INSERT INTO job_events (job_id, seq, time, type, data)
         SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM job_events WHERE job_id = ?`,
        [jobId, event.time, event.type, JSON.stringify(event.data), jobId],
      );
    },
    async events(jobId, options = {}) {
      const rows = await client.query("SELECT * FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?", [jobId, options.afterSeq ?? 0, Math.min(options.limit ?? 10_000, 100_000)]);
      return rows.map((row) => ({ jobId: String(row.job_id), seq: Number(row.seq), time: Number(row.time), type: String(row.type), data: parseJson(row.data) ?? {} }));
    },
  };
}

function parseJson(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(String(value));
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toJob(row: Record<string, unknown>): JobRecord {
  return {
    jobId: String(row.job_id),
    queue: String(row.queue),
    state: String(row.state) as JobState,
    payload: parseJson(row.payload) ?? {},
    checkpoint: parseJson(row.checkpoint),
    progress: parseJson(row.progress),
    result: parseJson(row.result),
    error: parseJson(row.error) as JobRecord["error"],
    cancelRequested: Number(row.cancel_requested) === 1,
    attempts: Number(row.attempts),
    workerId: nullableString(row.worker_id),
    heartbeatAt: nullableNumber(row.heartbeat_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    startedAt: nullableNumber(row.started_at),
    finishedAt: nullableNumber(row.finished_at),
  };
}
