import type { Flywheel } from "../runtime/index.js";

/**
 * True when a `flywheel worker` process serving `queue` has shown a sign of life within the
 * lease (`jobs.leaseSeconds`): work queued now will be taken, so a command can enqueue it and
 * follow it instead of running it itself.
 */
export async function hasLiveWorkers(flywheel: Flywheel, queue: string): Promise<boolean> {
  const since = Date.now() - flywheel.config.jobs.leaseSeconds * 1000;
  return (await flywheel.store.workers.live(since, queue)).length > 0;
}
