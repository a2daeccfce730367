import type { Command } from "commander";
import { integerFrom, numberIn } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel eval`. */
export interface EvalCommandOptions {
  config?: string;
  output?: string[];
  concurrency?: number;
  repeat?: number;
  cache?: boolean;
  resume?: string | boolean;
  name?: string;
  failUnder?: number;
  baseline?: string;
  maxRegression?: number;
  progressBar?: boolean;
  table?: boolean;
  dataset?: string;
  model?: string[];
  assert?: string;
  schema?: string;
  split?: string;
  maxCost?: number;
  maxCalls?: number;
  distributed?: boolean;
  shardSize?: number;
}

/** `flywheel eval`: run a suite (Flywheel's or a promptfoo config); `list`, `show`, `compare` stored runs. */
export function registerEvalCommand(program: Command): void {
  const evalCommand = program
    .command("eval")
    .description("run an eval suite (or a promptfooconfig.yaml) and gate CI on it; list, show and compare stored runs")
    .option("-c, --config <file>", "suite file (default: flywheel.eval.yaml or promptfooconfig.yaml in this folder)")
    .option("--dataset <name[@v]>", "run a dataset's test split as the suite instead of a file")
    .option("-m, --model <id...>", "with --dataset: models to run (default: defaultModel in config, local:default)")
    .option("--assert <type>", "with --dataset: auto (JSON-equal or exact), exact, json-schema, similar or llm-rubric")
    .option("--schema <file>", "with --assert json-schema: the JSON schema replies must match")
    .option("--split <split>", "with --dataset: the split to run (default test)")
    .option("-o, --output <file...>", "write a report; the extension picks the format: .json, .jsonl, .csv, .xml (JUnit), .html")
    .option("-j, --concurrency <n>", "most cells in flight at once (default: the suite's, else 4)", integerFrom(1))
    .option("--repeat <n>", "runs of each cell, to measure flakiness", integerFrom(1))
    .option("--no-cache", "call models even when the response cache has the answer")
    .option("--resume <run>", "continue this unfinished run (by default the newest unfinished run of the same suite continues)")
    .option("--no-resume", "start a new run even if an unfinished one exists")
    .option("--name <name>", "name stored with the run")
    .option("--max-cost <usd>", "most US dollars of model calls (cached answers are free); then no new call starts and the rest of the cells are not run", numberIn(0.000001, 1_000_000))
    .option("--max-calls <n>", "most model calls, graders included (cached answers do not count); then the rest of the cells are not run", integerFrom(1))
    .option("--distributed", "run the cells on `flywheel worker` processes (any machine that reaches the store), in shards of tests; Ctrl-C cancels the shards")
    .option("--shard-size <tests>", "with --distributed: tests per shard (default: about 40 cells a shard)", integerFrom(1))
    .option("--fail-under <rate>", "exit 1 unless the pass rate is at least this (0 to 1)", numberIn(0, 1))
    .option("--baseline <run>", "compare with this stored run and gate on --max-regression")
    .option("--max-regression <delta>", "largest allowed fall in pass rate from --baseline (0 to 1, default 0)", numberIn(0, 1))
    .option("--no-progress-bar", "no progress bar")
    .option("--no-table", "do not print the matrix and statistics")
    .option("--debug", "print stack traces with errors")
    .action((options: EvalCommandOptions) => runAction(async (context) => (await import("../actions/eval.js")).evalSuite(context, options)));
  // Options of `eval` itself stop at its subcommands (`eval show <run> -o x` is show's -o).
  evalCommand.enablePositionalOptions();
  // Global options must precede `eval` (see main.ts); --debug is also accepted after it.
  evalCommand.hook("preAction", (_command, action) => {
    if (action.opts<{ debug?: boolean }>().debug === true) program.setOptionValue("debug", true);
  });
  evalCommand
    .command("list")
    .description("list stored eval runs, newest first")
    .option("-n, --limit <n>", "how many to show (default 20)", integerFrom(1))
    .option("--json", "print JSON")
    .option("--debug", "print stack traces with errors")
    .action((options: { limit?: number; json?: boolean }) => runAction(async (context) => (await import("../actions/eval-runs.js")).listRuns(context, options)));
  evalCommand
    .command("show")
    .description("print a stored run's matrix and statistics, or write it as a report")
    .argument("<run>", "run id, or a unique prefix of at least 6 characters")
    .option("-o, --output <file...>", "write a report (.json, .jsonl, .csv, .xml, .html)")
    .option("--json", "print the JSON report")
    .option("--debug", "print stack traces with errors")
    .action((run: string, options: { output?: string[]; json?: boolean }) => runAction(async (context) => (await import("../actions/eval-runs.js")).showRun(context, run, options)));
  evalCommand
    .command("compare")
    .description("compare two stored runs variant by variant: pass-rate change, paired tests, regressions")
    .argument("<runA>", "the baseline run")
    .argument("<runB>", "the candidate run")
    .option("--json", "print JSON")
    .option("--debug", "print stack traces with errors")
    .action((runA: string, runB: string, options: { json?: boolean }) => runAction(async (context) => (await import("../actions/eval-runs.js")).compareRuns(context, runA, runB, options)));
}
