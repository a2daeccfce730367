import { z } from "zod";
import { CancelledError, NotFoundError } from "../../errors/index.js";
import { JobDetachedError } from "../../jobs/index.js";
import type { JobContext } from "../../jobs/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { EvalSuite } from "../suite/eval-suite.js";
import { cellKey, planCells } from "../runner/plan-cells.js";
import { runCells } from "../runner/run-cells.js";

/** The queue of eval shards that a `flywheel worker` takes. */
export const EVAL_QUEUE = "eval";

/** One shard of a distributed run: the cells of tests `fromTest` (inclusive) to `toTest` (exclusive). */
export const evalShardPayloadSchema = z.object({
  runId: z.string(),
  fromTest: z.number().int().min(0),
  toTest: z.number().int().min(1),
  /** Most cells of the shard in flight at once (default: the suite's). */
  concurrency: z.number().int().min(1).optional(),
  cache: z.boolean(),
});

/** An eval shard job's payload. */
export type EvalShardPayload = z.infer<typeof evalShardPayloadSchema>;

/**
 * Runs one shard of a distributed eval run (in a worker): loads the run's suite from the store,
 * skips the shard's cells already stored (the stored cells are the shard's checkpoint, so a
 * shard resumed after its worker died runs only the rest) and writes each cell it runs under
 * its unique key, so a cell is stored once however often its shard is retried.
 */
export async function runEvalShardJob(flywheel: Flywheel, context: JobContext): Promise<Record<string, unknown>> {
  const payload = evalShardPayloadSchema.parse(context.job.payload);
  const { runId, fromTest, toTest } = payload;
  const suite = (await flywheel.store.evals.getSuite(runId)) as EvalSuite | undefined;
  if (suite === undefined) throw new NotFoundError({ what: "eval run", id: runId, hint: "the run's suite is not in the store: start the run again with `flywheel eval --distributed`" });
  const range = { fromTest, toTest: Math.min(toTest, suite.tests.length) };
  const done = new Set((await flywheel.store.evals.getCells(runId, range)).map(cellKey));
  const cells = planCells(suite, range).filter((cell) => !done.has(cellKey(cell)));
  const { results } = await runCells({ flywheel, suite, runId, cells, concurrency: payload.concurrency, cache: payload.cache, signal: context.signal });
  if (context.signal.aborted) throw context.cancelRequested() ? new CancelledError("the eval shard") : new JobDetachedError();
  return { runId, fromTest, toTest: range.toTest, cellsRun: results.length, cellsSkipped: done.size };
}
