import { setTimeout as sleep } from "node:timers/promises";
import type { JobRecord, WatchOptions } from "../jobs/index.js";
import type { Flywheel } from "../runtime/index.js";
import { hasLiveWorkers } from "./has-live-workers.js";

/**
 * Follows a queued job that a live worker serving `queue` will take, like `flywheel.jobs.watch`.
 * Resolves `undefined` instead when the job is still queued and no live worker serves the queue
 * any more (the one seen went away before taking it): the caller then runs the job itself rather
 * than wait for a worker that may never come.
 */
export async function followInWorker(flywheel: Flywheel, queue: string, jobId: string, options: WatchOptions = {}): Promise<JobRecord | undefined> {
  const gone = new AbortController();
  const watching = flywheel.jobs.watch(jobId, { ...options, signal: AbortSignal.any([gone.signal, ...(options.signal === undefined ? [] : [options.signal])]) });
  const checkEveryMs = (flywheel.config.jobs.leaseSeconds * 1000) / 4;
  const lookout = (async () => {
    for (;;) {
      await sleep(checkEveryMs, undefined, { signal: gone.signal }).catch(() => undefined);
      if (gone.signal.aborted) return;
      if ((await flywheel.jobs.get(jobId)).state === "queued" && !(await hasLiveWorkers(flywheel, queue))) return gone.abort();
    }
  })();
  try {
    const job = await watching;
    return gone.signal.aborted && job.state === "queued" ? undefined : job;
  } finally {
    gone.abort();
    await lookout;
  }
}
