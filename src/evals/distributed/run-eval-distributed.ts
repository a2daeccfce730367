import { setTimeout as sleep } from "node:timers/promises";
import { FlywheelError, UsageError } from "../../errors/index.js";
import { isDescriptiveHeader } from "../../secrets/index.js";
import type { JobRecord } from "../../jobs/index.js";
import { fromCellRecord } from "../runner/cell-records.js";
import { checkProviders } from "../runner/check-providers.js";
import type { EvalRun } from "../runner/eval-run.js";
import { finishEvalRun } from "../runner/finish-eval-run.js";
import { openEvalRun } from "../runner/open-eval-run.js";
import { cellKey, planCells } from "../runner/plan-cells.js";
import type { RunEvalOptions } from "../runner/run-eval.js";
import { EVAL_QUEUE } from "./eval-shard-job.js";
import type { EvalShardPayload } from "./eval-shard-job.js";
import { DEFAULT_SHARD_CELLS, planShards } from "./plan-shards.js";

/** Progress of a distributed run, counted from the cells in the store. */
export interface DistributedProgress {
  done: number;
  total: number;
  passed: number;
  failed: number;
  errors: number;
}

/** Options for `runEvalDistributed`. */
export interface RunEvalDistributedOptions extends Omit<RunEvalOptions, "onCell"> {
  /** Tests per shard (default: about 40 cells a shard). */
  shardSize?: number;
  /** Called once the shards are queued. */
  onQueued?: (info: { shards: number }) => void;
  /** Called as cells land in the store. */
  onProgress?: (progress: DistributedProgress) => void;
  /** How often to look at the store (default 250 ms). */
  pollMs?: number;
}

/** How long a cancelled run waits for its running shards to stop before it is recorded. */
const CANCEL_GRACE_MS = 15_000;

/**
 * Runs a suite on worker processes: opens (or resumes) the run as `runEval` does, keeps its
 * suite in the store, queues one `eval` job per range of tests on `flywheel.jobs`, follows the
 * cells as workers write them, and once every shard is done finishes the run exactly as a
 * local run: same cells, statistics and status. Aborting the signal cancels the shards; cells
 * already stored are kept and a later run resumes the rest.
 */
export async function runEvalDistributed(options: RunEvalDistributedOptions): Promise<EvalRun> {
  const { flywheel, suite } = options;
  const signal = options.signal ?? new AbortController().signal;
  checkDistributable(options);
  checkProviders(flywheel, suite);
  const { runId, createdAt, done, resumed } = await openEvalRun(options);
  await flywheel.store.evals.saveSuite(runId, suite);
  const planned = planCells(suite).filter((cell) => !done.has(cellKey(cell)));
  const total = planned.length + done.size;
  options.onStart?.({ runId, totalCells: total, finishedCells: done.size, resumed });
  const testsPerShard = options.shardSize ?? Math.max(1, Math.round(DEFAULT_SHARD_CELLS / (suite.variants.length * suite.repeat)));
  const jobIds: string[] = [];
  const cancelShards = () => Promise.all(jobIds.map((jobId) => flywheel.jobs.cancel(jobId).catch(() => undefined)));
  signal.addEventListener("abort", () => void cancelShards(), { once: true });
  for (const shard of planShards(planned, suite.tests.length, testsPerShard)) {
    if (signal.aborted) break;
    const payload: EvalShardPayload = { runId, ...shard, cache: options.cache ?? suite.cache, ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }) };
    jobIds.push((await flywheel.jobs.enqueue(EVAL_QUEUE, payload)).jobId);
  }
  if (signal.aborted) await cancelShards();
  options.onQueued?.({ shards: jobIds.length });
  const shards = await follow(options, runId, jobIds, total, signal);
  const failed = shards.find((job) => job.state === "failed");
  if (failed !== undefined) {
    throw new FlywheelError({
      code: "job-failed",
      message: `eval run ${runId}: shard ${failed.jobId.slice(0, 8)} (tests ${Number(failed.payload.fromTest) + 1}-${Number(failed.payload.toTest)}) failed: ${failed.error?.message ?? "no reason given"}`,
      hint: failed.error?.hint ?? "see the output of the `flywheel worker` that ran it; run the same command to resume the rest",
    });
  }
  const cells = (await flywheel.store.evals.getCells(runId)).map(fromCellRecord);
  const cancelled = signal.aborted || shards.some((job) => job.state !== "succeeded");
  return finishEvalRun({ flywheel, suite, runId, createdAt, name: options.name, cells, status: cancelled ? "cancelled" : "completed" });
}

/** Reports progress until every shard has ended (or, once cancelled, until they stop or the grace time passes); returns the shards. */
async function follow(options: RunEvalDistributedOptions, runId: string, jobIds: string[], total: number, signal: AbortSignal): Promise<JobRecord[]> {
  const { flywheel } = options;
  const mine = new Set(jobIds);
  let lastDone = -1;
  let cancelledAt: number | undefined;
  for (;;) {
    const counts = await flywheel.store.evals.countCells(runId);
    const doneCells = counts.pass + counts.fail + counts.error;
    if (doneCells !== lastDone) {
      lastDone = doneCells;
      options.onProgress?.({ done: doneCells, total, passed: counts.pass, failed: counts.fail, errors: counts.error });
    }
    const open = await flywheel.jobs.list({ queue: EVAL_QUEUE, states: ["queued", "running"], limit: 10_000 });
    if (!open.some((job) => mine.has(job.jobId))) break;
    if (signal.aborted) {
      cancelledAt ??= Date.now();
      if (Date.now() - cancelledAt > CANCEL_GRACE_MS) break;
    }
    await sleep(options.pollMs ?? 250);
  }
  return Promise.all(jobIds.map((jobId) => flywheel.jobs.get(jobId)));
}

/**
 * Budgets are counted by one process; an object given in code cannot travel to a worker; and the
 * suite is kept in the store, where no credential goes, so headers must read them from the environment.
 */
function checkDistributable(options: RunEvalDistributedOptions): void {
  if (options.maxCalls !== undefined || options.maxCostUsd !== undefined) {
    throw new UsageError(
      "--max-calls and --max-cost cannot be combined with --distributed: a budget is counted inside one process, and shards run in many",
      "drop --distributed to run under a budget, or drop the budget to spread the run over workers",
    );
  }
  const storing = options.suite.tests.find((test) => test.storeOutputAs !== undefined);
  if (storing !== undefined) {
    throw new UsageError(
      `test ${storing.index + 1} keeps its output as {{${storing.storeOutputAs}}} for the tests after it (storeOutputAs), which needs its cells run one at a time in one process`,
      "run this suite without --distributed",
    );
  }
  const custom = options.suite.targets.find((target) => target.kind === "custom");
  if (custom !== undefined) {
    throw new UsageError(`target ${custom.label} is an object given in code, which a worker process cannot load`, "run this suite without --distributed, or describe the target in the suite file (a model, http or a function file)");
  }
  for (const target of options.suite.targets) {
    if (target.kind !== "http") continue;
    const literal = Object.entries(target.headers).find(([name, value]) => !isDescriptiveHeader(name) && !value.includes("{{"));
    if (literal !== undefined) {
      throw new UsageError(
        `header ${literal[0]} of target ${target.label} is written in the suite: a distributed run keeps its suite in the store, where no credential may go`,
        `read it from the environment, e.g. ${literal[0]}: "Bearer {{env.MY_API_KEY}}", and set that variable for every worker`,
      );
    }
  }
}
