// Workers: processes that take queued long work (fine-tuning, eval shards, ingest) from the
// job queue, on this machine or any other that reaches the database; schedules that queue work.
export { workerHandlers } from "./worker-handlers.js";
export { hasLiveWorkers } from "./has-live-workers.js";
export { followInWorker } from "./follow-in-worker.js";
export { startWorker } from "./start-worker.js";
export type { RunningWorker, StartWorkerOptions, WorkerJobEvent } from "./start-worker.js";
export { scheduleRadar } from "./schedule-radar.js";
export type { RadarTick, ScheduleRadarOptions } from "./schedule-radar.js";
