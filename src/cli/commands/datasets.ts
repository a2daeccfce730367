import type { Command } from "commander";
import { duration, integerFrom, numberIn } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Cleaning and split options shared by `datasets create` and `datasets import`. */
export interface DatasetBuildOptions {
  nearDupThreshold?: number;
  dedupe?: boolean;
  maxTokens?: number;
  targetModel?: string;
  seed?: number;
  split?: string;
  json?: boolean;
}

/** Options of `flywheel datasets create`. */
export interface DatasetsCreateOptions extends DatasetBuildOptions {
  fromTraces?: boolean;
  fromEval?: string;
  failedOnly?: boolean;
  model?: string;
  since?: number;
  tag?: string;
  prompt?: string;
  feedback?: string;
  minScore?: number;
  limit?: number;
}

/** Options of `flywheel datasets import`. */
export interface DatasetsImportOptions extends DatasetBuildOptions {
  format?: string;
  map?: string;
  inputVar?: string;
  outputVar?: string;
  strict?: boolean;
  keepSplit?: boolean;
}

function buildOptions(command: Command): Command {
  return command
    .option("--near-dup-threshold <0..1>", "remove rows at least this similar to an earlier one (default: datasets.nearDuplicateThreshold in config, 0.9)", numberIn(0, 1))
    .option("--no-dedupe", "keep exact and near-duplicate rows")
    .option("--max-tokens <n>", "drop rows longer than this many tokens (estimated)", integerFrom(1))
    .option("--target-model <id>", "drop rows longer than this model's context window")
    .option("--seed <n>", "seed of the train/validation/test split (default: datasets.seed in config, 42)", integerFrom(0))
    .option("--split <train,validation,test>", "split fractions (default: datasets.split in config, 0.8,0.1,0.1)")
    .option("--json", "print the new version and the cleaning report as JSON");
}

/** Options of `flywheel datasets synth`. */
export interface DatasetsSynthOptions extends DatasetBuildOptions {
  from: string;
  n: number;
  teacher: string;
  schema?: string;
  perCall?: number;
  includeSeed?: boolean;
}

/** `flywheel datasets ...`: versioned datasets from traces, evals and files. */
export function registerDatasetsCommand(program: Command): void {
  const datasets = program.command("datasets").description("build, inspect and export versioned datasets for evals and fine-tuning");
  buildOptions(
    datasets
      .command("create")
      .description("create the next version of a dataset from traces (or an eval run), cleaned and split")
      .argument("<name>", "dataset name")
      .option("--from-traces", "one row per trace: its last model call, or a person's correction of it")
      .option("--from-eval <run>", "rows from an eval run's cases and outputs")
      .option("--failed-only", "with --from-eval: only the cases that failed")
      .option("-m, --model <id>", "only traces that called this model")
      .option("--since <span>", "only traces from the last span of time, e.g. 7d", duration)
      .option("--tag <tag>", "only traces with this tag")
      .option("--prompt <name>", "only traces of this prompt")
      .option("--feedback <good|bad>", "only traces whose latest feedback is good (or corrected), or bad")
      .option("--min-score <0..1>", "only traces whose latest feedback score is at least this (or corrected)", numberIn(0, 1))
      .option("-n, --limit <n>", "at most this many traces, newest first", integerFrom(1)),
  ).action((name: string, options: DatasetsCreateOptions) => runAction(async (context) => (await import("../actions/datasets-create.js")).createDataset(context, name, options)));
  buildOptions(
    datasets
      .command("import")
      .description("import a file as the next version: OpenAI chat JSONL, CSV or promptfoo tests")
      .argument("<name>", "dataset name")
      .argument("<file>", "file to read")
      .option("--format <openai|csv|promptfoo>", "file format (default: from the extension)")
      .option("--map <field=column,...>", "CSV columns: user, assistant, system, split, conversation")
      .option("--input-var <name>", "promptfoo variable holding the user message")
      .option("--output-var <name>", "promptfoo variable holding the expected reply")
      .option("--strict", "fail the whole import on any bad row")
      .option("--keep-split", "keep the splits given in the file instead of splitting again"),
  ).action((name: string, file: string, options: DatasetsImportOptions) => runAction(async (context) => (await import("../actions/datasets-create.js")).importDatasetFile(context, name, file, options)));
  buildOptions(
    datasets
      .command("synth")
      .description("generate new examples of a seed dataset's task with a teacher model, validated and deduplicated")
      .argument("<name>", "dataset to add the new version to")
      .requiredOption("--from <dataset[@v]>", "seed dataset whose examples show the task")
      .requiredOption("--n <count>", "how many new examples to keep", integerFrom(1))
      .requiredOption("--teacher <model>", "the model that writes them, e.g. openai:gpt-4o")
      .option("--schema <file>", "JSON schema every reply must match")
      .option("--per-call <n>", "examples asked for per teacher call (default 5)", integerFrom(1))
      .option("--include-seed", "keep the seed examples in the new version too"),
  ).action((name: string, options: DatasetsSynthOptions) => runAction(async (context) => (await import("../actions/datasets-synth.js")).synthDataset(context, name, options)));
  datasets
    .command("list")
    .description("list datasets with their latest version")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => runAction(async (context) => (await import("../actions/datasets-view.js")).listDatasets(context, options)));
  datasets
    .command("show")
    .description("show a version: source, split sizes, cleaning report and a few rows")
    .argument("<dataset>", "name or name@version")
    .option("--rows <n>", "rows to print (default 5)", integerFrom(0))
    .option("--split <split>", "only rows of this split")
    .option("--json", "print JSON")
    .action((reference: string, options: { rows?: number; split?: string; json?: boolean }) =>
      runAction(async (context) => (await import("../actions/datasets-view.js")).showDataset(context, reference, options)),
    );
  datasets
    .command("diff")
    .description("compare two versions: rows added, removed and moved between splits")
    .argument("<from>", "name@version")
    .argument("<to>", "@version (same dataset) or name@version")
    .option("--json", "print JSON")
    .action((from: string, to: string, options: { json?: boolean }) => runAction(async (context) => (await import("../actions/datasets-view.js")).diffDatasets(context, from, to, options)));
  datasets
    .command("export")
    .description("write a version as JSONL for a fine-tuning API or tool")
    .argument("<dataset>", "name or name@version")
    .requiredOption("--format <format>", "openai, anthropic, sharegpt or alpaca")
    .requiredOption("-o, --out <file>", "file to write")
    .option("--split <split>", "only rows of this split")
    .action((reference: string, options: { format: string; out: string; split?: string }) =>
      runAction(async (context) => (await import("../actions/datasets-view.js")).exportDatasetFile(context, reference, options)),
    );
}
