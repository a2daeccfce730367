// Jobs: one queue interface for long work (fine-tuning, synthesis): queued, observable,
// cancellable, resumable after a restart. The in-process queue keeps its jobs as rows in the
// store; on PostgreSQL a pg-boss queue hands them to workers on any number of machines.
export { createStoreJobQueue } from "./store-job-queue.js";
export { createPgBossJobQueue } from "./pg-boss-job-queue.js";
export type { PgBossJobQueueOptions, ClosableJobQueue } from "./pg-boss-job-queue.js";
export type { StoreJobQueueOptions } from "./store-job-queue.js";
export { finalJobStates, isFinalJobState } from "./job-queue.js";
export type { JobContext, JobHandler, JobQueue, JobWorker, RunOptions, WatchOptions, WorkOptions } from "./job-queue.js";
export { JobNotFoundError, JobDetachedError } from "./job-errors.js";
export type { JobRecord, JobState, JobEventRecord } from "../store/index.js";
