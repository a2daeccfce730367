import type { JobEventRecord, JobRecord, JobState } from "../store/index.js";

/** What a handler gets while it runs a job. */
export interface JobContext {
  /** The job as claimed (its payload, and the checkpoint of an earlier run if it is resumed). */
  readonly job: JobRecord;
  /** Aborted when the job is cancelled, or when this process stops running it (see `cancelRequested`). */
  readonly signal: AbortSignal;
  /** True when the abort came from a cancel request, false when this process is stopping. */
  cancelRequested(): boolean;
  /** Records an event (phase, log line, metric) in the job's history. */
  event(type: string, data?: Record<string, unknown>): Promise<void>;
  /** Replaces the job's latest progress (step, loss, time left). Cheap; call it as often as progress changes. */
  progress(data: Record<string, unknown>): Promise<void>;
  /** Saves what a resumed run needs (e.g. the provider's job id); kept with the job. */
  checkpoint(data: Record<string, unknown>): Promise<void>;
}

/** Runs a job; its return value is stored as the job's result. */
export type JobHandler = (context: JobContext) => Promise<Record<string, unknown>>;

/** Options of `JobQueue.watch`. */
export interface WatchOptions {
  /** Called with each new event, in order. */
  onEvent?: (event: JobEventRecord) => void;
  /** Called when the job's progress changes. */
  onProgress?: (progress: Record<string, unknown>, job: JobRecord) => void;
  /** Stops watching (the job goes on). */
  signal?: AbortSignal;
  /** How often to look (default 500 ms). */
  pollMs?: number;
}

/** Options of `JobQueue.run`. */
export interface RunOptions extends Pick<WatchOptions, "onEvent" | "onProgress"> {
  /** Stops the handler (as "process stopping" unless a cancel was requested). */
  signal?: AbortSignal;
}

/** A background worker started by `work`. */
export interface JobWorker {
  /** Stops taking jobs and aborts the running ones as "process stopping" (they stay resumable). */
  stop(): Promise<void>;
}

/**
 * The jobs layer: queued, observable, cancellable long work whose state lives in the store,
 * so any process can list, watch or cancel a job, and a restarted process resumes one whose
 * worker went away. The in-process queue (`createStoreJobQueue`) is the default; a pg-boss
 * queue for many machines implements the same interface.
 */
export interface JobQueue {
  /** Adds a job to a queue. */
  enqueue(queue: string, payload: Record<string, unknown>, options?: { jobId?: string }): Promise<JobRecord>;
  /** A job by id or unique prefix (at least 6 characters); throws when there is none. */
  get(jobIdOrPrefix: string): Promise<JobRecord>;
  /** Jobs, newest first. */
  list(filter?: { queue?: string; states?: JobState[]; limit?: number }): Promise<JobRecord[]>;
  /** A job's events in order, after a sequence number. */
  events(jobId: string, options?: { afterSeq?: number; limit?: number }): Promise<JobEventRecord[]>;
  /** Cancels a job: a queued one at once, a running one at its worker's next check. */
  cancel(jobIdOrPrefix: string): Promise<JobRecord>;
  /**
   * Runs one job in this process until it ends: claims it if it is queued, or running with a
   * worker that is gone (a resume), calls the handler and stores the outcome. A job another
   * live worker holds is watched instead.
   */
  run(jobId: string, handler: JobHandler, options?: RunOptions): Promise<JobRecord>;
  /** Waits for a job to end (whoever runs it), reporting events and progress as they come. */
  watch(jobId: string, options?: WatchOptions): Promise<JobRecord>;
  /** Runs a queue's jobs as they are added, and resumes orphaned ones, until stopped. */
  work(queue: string, handler: JobHandler, options?: WorkOptions): JobWorker;
  /** Releases what the queue holds (connections); the store-backed queue holds nothing. */
  close?(): Promise<void>;
}

/** Options of `JobQueue.work`. */
export interface WorkOptions {
  /** How often to look for new jobs when idle (default 1 s). */
  pollMs?: number;
  /** Most jobs of this queue run at once by this worker (default: no limit on the in-process queue, 1 on pg-boss). */
  concurrency?: number;
}

/** States after which a job never changes again. */
export const finalJobStates: readonly JobState[] = ["succeeded", "failed", "cancelled"];

/** True for succeeded, failed and cancelled. */
export function isFinalJobState(state: JobState): boolean {
  return finalJobStates.includes(state);
}
