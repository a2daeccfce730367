import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createDatasetFromTraces } from "../../datasets/index.js";
import type { CleanOptions, SplitOptions, TraceSelection } from "../../datasets/index.js";
import { toFlywheelError } from "../../errors/index.js";
import type { RunOptions } from "../../jobs/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { compareFineTuneJob } from "../compare/compare-job.js";
import type { Hyperparameters } from "../finetune-job.js";
import { runFineTuneJob, startFineTune } from "../start-finetune.js";
import { parseGate } from "./gate.js";
import type { GateVariables } from "./gate.js";
import { improveReportToMarkdown } from "./improve-report.js";
import type { ImproveReport } from "./improve-report.js";

/** Variables a gate rule can use. */
export const gateVariables = ["delta", "low", "high", "p", "p_mcnemar", "base", "tuned", "n", "tuned_only", "base_only"] as const;

/** Options of `improve`. */
export interface ImproveOptions extends Pick<RunOptions, "onEvent" | "onProgress"> {
  /** Which traces make the dataset. */
  selection: TraceSelection;
  /** The filters as the user wrote them (`since=7d`): what identifies a run for resuming, since `selection.since` moves with the clock. */
  selectionText?: string;
  baseModel: string;
  /** `local` (default) or a hosted engine. */
  engine?: string;
  /** When the tuned model is accepted, e.g. `delta>=0.05 and p<0.05` (see `gateVariables`). */
  gate: string;
  /** Dataset name (default `improve`). */
  dataset?: string;
  /** Tuned model name. */
  name?: string;
  hyperparameters?: Hyperparameters;
  clean?: CleanOptions;
  split?: SplitOptions;
  /** Extra eval suites for the comparison. */
  suites?: string[];
  /** Longest reply per compared case. */
  maxTokens?: number;
  /** Where improve-report.md and improve-report.json go (default: the working directory). */
  outDir?: string;
  /** Start over even when an unfinished report with the same inputs exists. */
  fresh?: boolean;
  /** Install the fine-tuning engine's environment if it is missing (see `startFineTune`). */
  allowSetup?: boolean;
  signal?: AbortSignal;
  /** Called when a step starts or ends. */
  onStep?: (step: "dataset" | "finetune" | "compare" | "gate", status: "started" | "done" | "skipped", detail?: string) => void;
}

/**
 * The whole loop in one call: traces -> cleaned, split dataset version -> fine-tuning job ->
 * comparison of tuned and base on the test split -> the gate. Writes improve-report.json and
 * improve-report.md after every step; run again with the same inputs and it resumes where it
 * stopped (an unchanged dataset, a finished or running job, a finished comparison are kept).
 * `status` is `passed` only when the gate passes.
 */
export async function improve(flywheel: Flywheel, options: ImproveOptions): Promise<ImproveReport> {
  const gate = parseGate(options.gate, gateVariables);
  const engine = options.engine ?? "local";
  const datasetName = options.dataset ?? "improve";
  const inputs = {
    selection: { ...options.selection } as Record<string, unknown>,
    baseModel: options.baseModel,
    engine,
    gate: options.gate,
    dataset: datasetName,
    ...(options.name === undefined ? {} : { name: options.name }),
    hyperparameters: { ...(options.hyperparameters ?? {}) },
  };
  // The gate is not part of the identity: the same work can be judged by a new rule.
  const identity = { ...inputs, gate: undefined, selection: options.selectionText ?? inputs.selection };
  const key = createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 16);
  const outDir = path.resolve(options.outDir ?? process.cwd());
  const jsonFile = path.join(outDir, "improve-report.json");
  const previous = options.fresh === true ? undefined : await readPrevious(jsonFile, key);
  const report: ImproveReport = previous ?? { version: 1, key, status: "running", startedAt: new Date().toISOString(), inputs, steps: {} };
  report.status = "running";
  report.inputs = inputs;
  delete report.error;
  delete report.finishedAt;
  const save = async () => {
    await mkdir(outDir, { recursive: true });
    await writeFile(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(path.join(outDir, "improve-report.md"), improveReportToMarkdown(report));
  };
  const step = options.onStep ?? (() => undefined);
  try {
    step("dataset", "started");
    const saved = await createDatasetFromTraces(flywheel, {
      name: datasetName,
      selection: options.selection,
      ...(options.clean === undefined ? {} : { clean: options.clean }),
      ...(options.split === undefined ? {} : { split: options.split }),
    });
    const before = report.steps.dataset;
    if (before === undefined || before.version !== saved.version.version || before.dataset !== datasetName) {
      // New rows: anything trained or compared before is stale.
      delete report.steps.finetune;
      delete report.steps.compare;
    }
    report.steps.dataset = {
      dataset: datasetName,
      version: saved.version.version,
      rows: saved.version.rowCount,
      splits: saved.version.splits,
      unchanged: saved.unchanged,
      cleaning: saved.steps,
      source: { ...saved.sourceReport },
    };
    delete report.steps.gate;
    await save();
    step("dataset", "done", `${datasetName}@${saved.version.version}: ${saved.version.rowCount} rows`);

    const queue = flywheel.jobs;
    let jobId = report.steps.finetune?.jobId;
    if (jobId !== undefined) {
      const existing = await queue.get(jobId).catch(() => undefined);
      if (existing === undefined || existing.state === "failed" || existing.state === "cancelled") jobId = undefined;
    }
    if (jobId === undefined) {
      delete report.steps.compare;
      const job = await startFineTune(flywheel, {
        dataset: `${datasetName}@${saved.version.version}`,
        baseModel: options.baseModel,
        engine,
        ...(options.name === undefined ? {} : { name: options.name }),
        ...(options.hyperparameters === undefined ? {} : { hyperparameters: options.hyperparameters }),
        compare: false,
        queue,
        ...(options.allowSetup === undefined ? {} : { allowSetup: options.allowSetup }),
      });
      jobId = job.jobId;
      report.steps.finetune = { jobId, state: job.state };
      await save();
      step("finetune", "started", jobId);
    } else step("finetune", "started", `resuming job ${jobId}`);
    const finished = await runFineTuneJob(flywheel, jobId, {
      queue,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    });
    report.steps.finetune = {
      jobId,
      state: finished.state,
      ...(typeof finished.result?.model === "string" ? { model: finished.result.model } : {}),
      ...(finished.result?.metrics === undefined ? {} : { metrics: finished.result.metrics as Record<string, unknown> }),
      ...(finished.error === null ? {} : { error: finished.error }),
    };
    await save();
    if (finished.state !== "succeeded") {
      const error = finished.error ?? { code: finished.state, message: `the fine-tuning job is ${finished.state}` };
      report.status = "failed";
      report.error = error;
      return report;
    }
    step("finetune", "done", String(finished.result?.model));

    if (report.steps.compare?.jobId !== jobId) {
      step("compare", "started");
      report.steps.compare = await compareFineTuneJob(flywheel, jobId, {
        ...(options.suites === undefined ? {} : { suites: options.suites }),
        ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      await save();
      step("compare", "done", report.steps.compare.verdict);
    } else step("compare", "skipped", "already compared");

    const values = gateValues(report.steps.compare);
    const outcome = gate.evaluate(values);
    report.steps.gate = { rule: options.gate, pass: outcome.pass, checks: outcome.checks, values };
    report.status = outcome.pass ? "passed" : "gate-failed";
    step("gate", "done", outcome.pass ? "passed" : "not passed");
    return report;
  } catch (error) {
    const failure = toFlywheelError(error);
    report.status = "failed";
    report.error = { code: failure.code, message: failure.message, ...(failure.hint === undefined ? {} : { hint: failure.hint }) };
    throw error;
  } finally {
    report.finishedAt = new Date().toISOString();
    await save();
  }
}

function gateValues(comparison: ImproveReport["steps"]["compare"]): GateVariables {
  const split = comparison!.suites[0]!;
  return {
    delta: split.difference.estimate,
    low: split.difference.low,
    high: split.difference.high,
    p: split.difference.pValue,
    p_mcnemar: split.passFail.pValue,
    base: split.base.passRate.estimate,
    tuned: split.tuned.passRate.estimate,
    n: split.cases,
    tuned_only: split.passFail.tunedOnly,
    base_only: split.passFail.baseOnly,
  };
}

async function readPrevious(file: string, key: string): Promise<ImproveReport | undefined> {
  try {
    const report = JSON.parse(await readFile(file, "utf8")) as ImproveReport;
    return report.version === 1 && report.key === key ? report : undefined;
  } catch {
    return undefined;
  }
}
