// Workers: processes that take queued long work (fine-tuning, eval shards, ingest) from the
// job queue, on this machine or any other that reaches the database.
export { workerHandlers } from "./worker-handlers.js";
export { runWorker, hasLiveWorkers } from "./run-worker.js";
export type { RunWorkerOptions, RunningWorker, WorkerJobEvent } from "./run-worker.js";
