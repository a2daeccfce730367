import { randomBytes } from "node:crypto";
import { NotFoundError, UsageError } from "../../errors/index.js";
import { recordPromptVersion } from "../../prompts/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { EvalSuite } from "../suite/eval-suite.js";
import { fromCellRecord } from "./cell-records.js";
import type { CellResult } from "./cell-result.js";
import { cellKey } from "./plan-cells.js";
import { runSnapshot } from "./run-snapshot.js";

/** A run opened for work: new, or an unfinished one resumed with the cells it already has. */
export interface OpenedEvalRun {
  runId: string;
  createdAt: number;
  /** Finished cells by `cellKey`. */
  done: Map<string, CellResult>;
  resumed: boolean;
}

/**
 * Starts a run of `suite`, or resumes one: `resume` true continues the newest unfinished run of
 * the same suite, a run id continues that run, false always starts a new run.
 */
export async function openEvalRun(options: { flywheel: Flywheel; suite: EvalSuite; resume?: boolean | string; name?: string }): Promise<OpenedEvalRun> {
  const { suite } = options;
  const store = options.flywheel.store.evals;
  const resume = options.resume ?? true;
  const existing = typeof resume === "string" ? await store.getRun(resume) : resume ? await store.findResumableRun(suite.hash) : undefined;
  if (typeof resume === "string") {
    if (existing === undefined) throw new NotFoundError({ what: "eval run", id: resume, hint: "list runs with `flywheel eval list`" });
    if (existing.suiteHash !== suite.hash) throw new UsageError(`run ${existing.runId} was made from a different suite (its prompts, targets or tests changed)`, "start a new run (drop --resume) to evaluate the changed suite");
  }
  if (existing !== undefined && existing.status !== "completed") {
    await store.reopenRun(existing.runId);
    const cells = await store.getCells(existing.runId);
    return { runId: existing.runId, createdAt: existing.createdAt, done: new Map(cells.map((record) => [cellKey(record), fromCellRecord(record)])), resumed: true };
  }
  const runId = randomBytes(8).toString("hex");
  const createdAt = Date.now();
  // The versions of prompt files the run uses, so that `prompts show name@hash` finds their text later.
  for (const prompt of suite.prompts) if (prompt.promptFile !== undefined) await recordPromptVersion(options.flywheel.store, prompt.promptFile, createdAt);
  await store.createRun({
    runId,
    name: options.name ?? suite.description ?? null,
    suiteFile: suite.file ?? null,
    suiteHash: suite.hash,
    status: "running",
    createdAt,
    finishedAt: null,
    cellCount: suite.tests.length * suite.variants.length * suite.repeat,
    passed: 0,
    failed: 0,
    errors: 0,
    suite: runSnapshot(suite),
    summary: null,
  });
  return { runId, createdAt, done: new Map(), resumed: false };
}
