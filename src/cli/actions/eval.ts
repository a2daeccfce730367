import { BudgetExhaustedError, UsageError } from "../../errors/index.js";
import { EVAL_QUEUE, evaluateGates, getEvalRun, gradingLine, runEvalSuite } from "../../evals/index.js";
import type { RunEvalSuiteOptions } from "../../evals/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { CommandContext } from "../command-context.js";
import type { EvalCommandOptions } from "../commands/eval.js";
import { colors } from "../output/terminal.js";

/** Runs a suite: progress bar on stderr, matrix and statistics on stdout, reports to files; the exit code is the CI gate. */
export async function evalSuite(context: CommandContext, options: EvalCommandOptions): Promise<number> {
  const { terminal } = context;
  const flywheel = await context.flywheel();
  const baseline = options.baseline === undefined ? undefined : await getEvalRun(flywheel, options.baseline);
  const showBar = options.progressBar !== false && terminal.interactiveErrors;
  const cliProgress = showBar ? (await import("cli-progress")).default : undefined;
  const bar = cliProgress
    ? new cliProgress.SingleBar({ format: "{bar} {percentage}% | {value}/{total} cells | {passed} passed {failed} failed {errors} errors | ETA {eta_formatted}", stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic)
    : undefined;
  const counts = { passed: 0, failed: 0, errors: 0 };
  let started = false;
  if (options.shardSize !== undefined && options.distributed !== true) throw new UsageError("--shard-size only applies to --distributed runs", "add --distributed to run the shards on workers, or drop --shard-size");
  const distributed = options.distributed === true ? await distributedOptions(context, flywheel, options, (progress) => {
    Object.assign(counts, { passed: progress.passed, failed: progress.failed, errors: progress.errors });
    bar?.update(progress.done, counts);
  }) : undefined;
  try {
    const suite = options.dataset === undefined ? undefined : await (await import("./eval-dataset.js")).datasetSuite(flywheel, options);
    const result = await runEvalSuite(flywheel, {
      ...(suite === undefined ? { file: options.config } : { suite }),
      outputs: options.output,
      concurrency: options.concurrency,
      repeat: options.repeat,
      cache: options.cache === false ? false : undefined,
      resume: typeof options.resume === "string" ? options.resume : options.resume !== false,
      name: options.name,
      maxCostUsd: options.maxCost,
      maxCalls: options.maxCalls,
      signal: context.signal,
      ...(distributed === undefined ? {} : { distributed }),
      color: terminal.interactive ? undefined : false,
      onLoad: (suite) => {
        for (const warning of suite.warnings) terminal.warn(warning);
        const grading = gradingLine(suite);
        if (grading !== undefined) terminal.info(colors.dim(grading));
      },
      onStart: ({ runId, totalCells, finishedCells, resumed }) => {
        if (resumed) terminal.info(colors.dim(`resuming run ${runId}: ${finishedCells} of ${totalCells} cells already done (--no-resume starts over)`));
        bar?.start(totalCells, finishedCells, counts);
        started = true;
      },
      onCell: (cell, progress) => {
        if (cell.status === "pass") counts.passed += 1;
        else if (cell.status === "fail") counts.failed += 1;
        else counts.errors += 1;
        bar?.update(progress.done, counts);
      },
    });
    bar?.stop();
    if (options.table !== false) terminal.line(result.report);
    for (const output of result.outputs) terminal.info(colors.dim(`wrote ${output}`));
    if (result.run.status === "cancelled") {
      terminal.info(colors.yellow(`cancelled: ${result.run.cells.length} cells kept in run ${result.run.runId}; run the same command to resume`));
      return 130;
    }
    if (result.run.budgetStop !== undefined) {
      const { message, cellsNotRun } = result.run.budgetStop;
      throw new BudgetExhaustedError({
        message: `eval run ${result.run.runId} stopped: ${message}; ${result.run.cells.length} cells kept, ${cellsNotRun} not run`,
        hint: "run the same command with a larger --max-cost or --max-calls to run the rest",
      });
    }
    const gate = evaluateGates(result.run, { failUnder: options.failUnder, baseline, maxRegression: options.maxRegression });
    for (const reason of gate.reasons) terminal.info(gate.exitCode === 0 ? reason : colors.red(reason));
    const suggestion = result.outputs.length === 0 ? " · --output report.html for the side-by-side view" : "";
    terminal.info(colors.dim(`run ${result.run.runId} · flywheel eval show ${result.run.runId.slice(0, 8)}${suggestion}`));
    return gate.exitCode;
  } finally {
    if (started) bar?.stop();
  }
}

/** Shards go to workers: says so (and when no worker is live yet); progress comes from the cells in the store. */
async function distributedOptions(context: CommandContext, flywheel: Flywheel, options: EvalCommandOptions, onProgress: NonNullable<RunEvalSuiteOptions["distributed"]>["onProgress"]): Promise<RunEvalSuiteOptions["distributed"]> {
  const { terminal } = context;
  // Loaded here: workers bring in every capability they serve (RAG, fine-tuning), which a run in this process never needs.
  const { hasLiveWorkers } = await import("../../workers/index.js");
  const live = await hasLiveWorkers(flywheel, EVAL_QUEUE);
  return {
    ...(options.shardSize === undefined ? {} : { shardSize: options.shardSize }),
    onQueued: ({ shards }) => {
      terminal.info(colors.dim(`${shards} shard${shards === 1 ? "" : "s"} queued for workers; Ctrl-C cancels them`));
      if (!live && shards > 0) terminal.warn(`no live worker serves the ${EVAL_QUEUE} queue yet: the shards wait until one starts (\`flywheel worker --queues ${EVAL_QUEUE}\`)`);
    },
    onProgress,
  };
}
