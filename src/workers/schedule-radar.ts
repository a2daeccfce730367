import { setTimeout as sleep } from "node:timers/promises";
import type { JobEventRecord, JobRecord } from "../jobs/index.js";
import { isFinalJobState } from "../jobs/index.js";
import { RADAR_QUEUE, radarJobHandler } from "../radar/watch/index.js";
import type { RadarJobPayload, RadarRun } from "../radar/watch/index.js";
import type { Flywheel } from "../runtime/index.js";
import { followInWorker } from "./follow-in-worker.js";
import { hasLiveWorkers } from "./has-live-workers.js";

/** One run of a schedule, as it ended. */
export interface RadarTick {
  /** 1 for the first run. */
  tick: number;
  /** The run's job: `succeeded` with its result, or `failed` with its error. */
  job: JobRecord;
  /** Whether a `flywheel worker` ran it (else this process did). */
  inWorker: boolean;
}

/** Options of `scheduleRadar`. */
export interface ScheduleRadarOptions {
  /** Time from the start of one run to the start of the next; a run that takes longer delays the next. */
  everyMs: number;
  /** The project folder the runs read suites and prompt files from. */
  cwd: string;
  /** The run a job performs when this process runs it. */
  run: RadarRun;
  /** Stops the schedule: the run in flight is cancelled, no other starts. */
  signal: AbortSignal;
  /** Called as each run ends, failed ones included (the schedule goes on after them). */
  onTick?: (tick: RadarTick) => void;
  /** Called when a run is queued. */
  onQueued?: (tick: number, job: JobRecord) => void;
  /** Called with each progress line of the run in flight. */
  onProgress?: (message: string) => void;
  /** Stop after this many runs (default: until the signal). */
  maxTicks?: number;
}

/**
 * Runs the radar every `everyMs` through the jobs layer: each tick queues a job on the `radar`
 * queue and waits for it to end. A live `flywheel worker` serving the queue takes it; without one
 * (or when the worker goes away first) this process runs it. A failed run is reported through
 * `onTick` and the schedule goes on; the signal ends it cleanly (the run in flight is cancelled).
 * Resolves with the number of runs that ended.
 */
export async function scheduleRadar(flywheel: Flywheel, options: ScheduleRadarOptions): Promise<number> {
  const handler = radarJobHandler(flywheel, options.run);
  const payload: RadarJobPayload = { cwd: options.cwd };
  const onEvent = (event: JobEventRecord) => {
    if (event.type === "progress" && typeof event.data?.message === "string") options.onProgress?.(event.data.message);
  };
  let ticks = 0;
  while (!options.signal.aborted && ticks < (options.maxTicks ?? Number.POSITIVE_INFINITY)) {
    const startedAt = Date.now();
    const queued = await flywheel.jobs.enqueue(RADAR_QUEUE, payload);
    options.onQueued?.(ticks + 1, queued);
    let job: JobRecord | undefined;
    let inWorker = false;
    if (await hasLiveWorkers(flywheel, RADAR_QUEUE)) {
      const followed = await followInWorker(flywheel, RADAR_QUEUE, queued.jobId, { onEvent, signal: options.signal });
      if (followed !== undefined && isFinalJobState(followed.state)) [job, inWorker] = [followed, true];
    }
    if (job === undefined && !options.signal.aborted) job = await flywheel.jobs.run(queued.jobId, handler, { onEvent, signal: options.signal });
    if (job === undefined || options.signal.aborted) {
      await flywheel.jobs.cancel(queued.jobId).catch(() => undefined);
      break;
    }
    ticks += 1;
    options.onTick?.({ tick: ticks, job, inWorker });
    if (ticks >= (options.maxTicks ?? Number.POSITIVE_INFINITY)) break;
    await sleep(Math.max(0, startedAt + options.everyMs - Date.now()), undefined, { signal: options.signal }).catch(() => undefined);
  }
  return ticks;
}
