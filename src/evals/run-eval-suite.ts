import { existsSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../errors/index.js";
import type { Flywheel } from "../runtime/index.js";
import { runEvalDistributed } from "./distributed/run-eval-distributed.js";
import type { RunEvalDistributedOptions } from "./distributed/run-eval-distributed.js";
import { checkReportPath, writeEvalReport } from "./reports/write-report.js";
import { renderTerminalReport } from "./reports/terminal-report.js";
import type { EvalRun } from "./runner/eval-run.js";
import { runEval } from "./runner/run-eval.js";
import type { RunEvalOptions } from "./runner/run-eval.js";
import type { EvalSuite } from "./suite/eval-suite.js";
import { defaultGrading } from "./suite/default-grading.js";
import { loadSuite, SUITE_FILE_NAMES } from "./suite/load-suite.js";
import { suiteHash } from "./suite/suite-hash.js";
import type { SuiteFile } from "./suite/suite-schema.js";

/** Options for `runEvalSuite`. */
export interface RunEvalSuiteOptions extends Omit<RunEvalOptions, "flywheel" | "suite"> {
  /** Suite file (default: flywheel.eval.yaml, or promptfooconfig.yaml, in `cwd`). */
  file?: string;
  /** A suite given in code instead of a file. */
  suite?: SuiteFile;
  /** Folder the default file is looked for in, and in-code suites resolve paths against (default: working directory). */
  cwd?: string;
  /** Runs of each cell; overrides the suite's `repeat`. */
  repeat?: number;
  /** Report files to write; the extension picks the format. The suite's `outputPath` is added. */
  outputs?: string[];
  /** Colour the terminal report (default: auto). */
  color?: boolean;
  /** Called once the suite is loaded, before any cell runs (print `suite.warnings` and `gradingLine(suite)` here). */
  onLoad?: (suite: EvalSuite) => void;
  /** Run the cells on worker processes (`flywheel worker`) through the job queue, in shards of tests, instead of in this process. */
  distributed?: Pick<RunEvalDistributedOptions, "shardSize" | "onQueued" | "onProgress">;
}

/** What `runEvalSuite` produced. */
export interface RunEvalSuiteResult {
  run: EvalRun;
  suite: EvalSuite;
  /** The matrix and statistics, ready to print. */
  report: string;
  /** Report files written. */
  outputs: string[];
}

/**
 * Loads a suite, runs it and renders the terminal report: what `flywheel eval` and the
 * quickstart print. Warnings about ignored settings are in `suite.warnings`.
 *
 * ```ts
 * const { report, run } = await runEvalSuite(flywheel, { file: "examples/quickstart-eval/flywheel.eval.yaml" });
 * console.log(report);
 * ```
 */
export async function runEvalSuite(flywheel: Flywheel, options: RunEvalSuiteOptions = {}): Promise<RunEvalSuiteResult> {
  const cwd = options.cwd ?? process.cwd();
  for (const output of options.outputs ?? []) checkReportPath(output);
  const file = options.suite === undefined ? (options.file === undefined ? findSuiteFile(cwd) : path.resolve(cwd, options.file)) : undefined;
  let suite = await loadSuite({ file, suite: options.suite, baseDir: options.suite === undefined ? undefined : cwd, grading: defaultGrading(flywheel.config) });
  if (options.repeat !== undefined && options.repeat !== suite.repeat) suite = { ...suite, repeat: options.repeat, hash: suiteHash({ ...suite, repeat: options.repeat }) };
  options.onLoad?.(suite);
  const run = options.distributed === undefined ? await runEval({ ...options, flywheel, suite }) : await runEvalDistributed({ ...options, ...options.distributed, flywheel, suite });
  const outputs = [...suite.outputPaths, ...(options.outputs ?? []).map((output) => path.resolve(cwd, output))];
  for (const output of outputs) await writeEvalReport(run, output);
  const fullReport = outputs.find((output) => output.endsWith(".html")) ?? outputs[0];
  return { run, suite, report: renderTerminalReport(run, { color: options.color, ...(fullReport === undefined ? {} : { fullReport }) }), outputs };
}

function findSuiteFile(cwd: string): string {
  for (const name of SUITE_FILE_NAMES) {
    const candidate = path.join(cwd, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new UsageError(`no eval suite found in ${cwd}`, `pass one with -c <file>, or create ${SUITE_FILE_NAMES[0]} (promptfooconfig.yaml works too)`);
}
