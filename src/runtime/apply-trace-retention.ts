import { durationMs } from "../config/index.js";
import type { PrunedTraces } from "../store/index.js";
import type { Flywheel } from "./create-flywheel.js";

/**
 * Deletes the traces older than `traces.retention` in config (with their spans and search
 * rows); a long-running process such as `flywheel worker` calls it periodically. Returns what
 * it deleted, or undefined when no retention is set.
 */
export async function applyTraceRetention(flywheel: Pick<Flywheel, "config" | "store">, now = Date.now()): Promise<PrunedTraces | undefined> {
  const retention = flywheel.config.traces.retention;
  const milliseconds = retention === undefined ? undefined : durationMs(retention);
  if (milliseconds === undefined) return undefined;
  return flywheel.store.traces.pruneTraces({ before: now - milliseconds });
}
