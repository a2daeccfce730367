import { EVAL_QUEUE, runEvalShardJob } from "../evals/index.js";
import { FINETUNE_QUEUE, runFineTuneHandler } from "../finetune/index.js";
import type { JobHandler } from "../jobs/index.js";
import { INGEST_QUEUE, runIngestHandler } from "../rag/index.js";
import { RADAR_QUEUE, radarJobHandler, runDefaultRadar } from "../radar/index.js";
import type { Flywheel } from "../runtime/index.js";

/**
 * The handler of every queue a worker process can serve, by queue name. A capability whose long
 * work can run on another machine adds its queue here.
 */
export function workerHandlers(flywheel: Flywheel): Record<string, JobHandler> {
  return {
    [FINETUNE_QUEUE]: (context) => runFineTuneHandler(flywheel, context),
    [INGEST_QUEUE]: (context) => runIngestHandler(flywheel, context),
    [EVAL_QUEUE]: (context) => runEvalShardJob(flywheel, context),
    [RADAR_QUEUE]: (context) => radarJobHandler(flywheel, runDefaultRadar)(context),
  };
}
