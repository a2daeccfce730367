import { z } from "zod";
import type { JobHandler } from "../../jobs/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { RadarContext } from "../radar-pipeline.js";
import type { Digest } from "../radar-types.js";

/** The queue radar runs go through, so a `flywheel worker` can take them. */
export const RADAR_QUEUE = "radar";

/** What a queued radar run needs: the project folder its suites and prompt files are found from. */
export const radarJobPayloadSchema = z.object({ cwd: z.string().min(1) }).strict();

/** A queued radar run's payload. */
export type RadarJobPayload = z.infer<typeof radarJobPayloadSchema>;

/** A whole radar run: what the job handler calls. */
export type RadarRun = (context: RadarContext) => Promise<Digest>;

/**
 * The handler of the `radar` queue: builds the run's context (the job's signal, its progress
 * lines as job events) and calls `run`. The job's result is the digest's id and counts, and the
 * recommendation for each model tried; the digest itself is what `run` stores.
 */
export function radarJobHandler(flywheel: Flywheel, run: RadarRun): JobHandler {
  return async (job) => {
    const payload = radarJobPayloadSchema.parse(job.job.payload);
    let events = Promise.resolve();
    const digest = await run({
      flywheel,
      config: flywheel.config.radar,
      cwd: payload.cwd,
      now: Date.now(),
      signal: job.signal,
      progress: (message) => {
        events = events.then(() => job.event("progress", { message })).catch(() => undefined);
      },
    });
    await events;
    return {
      digestId: digest.id,
      entries: digest.entries.length,
      modelChanges: digest.modelChanges.length,
      modelWatch: digest.modelWatch.map((result) => ({ model: result.change.model.modelId, baseline: result.baselineModel, recommendation: result.recommendation })),
      failures: digest.failures.length,
    };
  };
}
