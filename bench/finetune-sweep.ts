// `npm run bench -- finetune-sweep`: the local engine's automatic learning-rate and step choice
// on two small routing tasks of 160 rows (about 128 train / 16 validation / 16 test): the sweep's
// defaults were tuned on ticket routing and are confirmed on home intents, which played no part
// in choosing them. For each: held-out accuracy of the base and the tuned model, the learning
// rate and steps chosen, the steps the sweep trained in all against the plain job's budget, and
// seconds. The tasks train at the same time. FINETUNE_SWEEP_TASKS=ticket-routing,home-intents picks tasks; FINETUNE_SWEEP_FIXED=1
// also runs each task at the old fixed settings (learning rate 5e-4, 3 epochs) for comparison.
import { writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config/index.js";
import { importDataset } from "../src/datasets/index.js";
import { compareFineTuneJob, readyTrainingEnvironment, runFineTuneJob, startFineTune, sweepDefaults } from "../src/finetune/index.js";
import type { Hyperparameters } from "../src/finetune/index.js";
import { modelDirectory } from "../src/models/model-store/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { temporaryFolder } from "../test/support/flywheel-fixture.js";
import { homeIntents, routingJsonl, ticketRouting } from "../test/support/routing-tasks.js";
import type { RoutingTask } from "../test/support/routing-tasks.js";
import type { BenchRow } from "./support/results.js";
import { reportBench } from "./support/results.js";

const BASE = process.env.FINETUNE_SWEEP_BASE ?? "local:tiny";
const roles: Record<string, string> = { [ticketRouting.name]: "tuned on", [homeIntents.name]: "confirmed on" };

interface SweepMetrics {
  learningRate: number;
  steps: number;
  trainSeconds: number;
  secondsPerStep: number;
  validationAccuracy?: number;
  sweep?: { sweepSteps: number; budgetSteps: number; trials: { learningRate: number; steps: number; best: { step: number; loss: number; accuracy: number } | null }[] };
}

async function tune(flywheel: Flywheel, task: RoutingTask, hyperparameters: Hyperparameters, tuned: string[]): Promise<BenchRow> {
  const started = performance.now();
  const job = await startFineTune(flywheel, { dataset: task.name, baseModel: BASE, name: `bench-sweep-${Date.now().toString(36)}`, hyperparameters });
  tuned.push(String(job.payload.name));
  const done = await runFineTuneJob(flywheel, job.jobId);
  if (done.state !== "succeeded") throw new Error(`the fine-tuning job ${done.state}: ${done.error?.message ?? ""}`);
  const wallSeconds = (performance.now() - started) / 1000;
  const metrics = done.result!.metrics as unknown as SweepMetrics;
  const split = (await compareFineTuneJob(flywheel, job.jobId, { maxTokens: 8 })).suites[0]!;
  const fixed = metrics.sweep === undefined;
  return {
    name: `${task.name} (${roles[task.name] ?? "other"}), ${fixed ? "fixed 5e-4 x 3 epochs" : "sweep"}`,
    values: {
      "base acc": split.base.passRate.estimate,
      "tuned acc": split.tuned.passRate.estimate,
      "test rows": split.cases,
      "McNemar p": split.passFail.pValue,
      "val exact": metrics.validationAccuracy ?? null,
      lr: metrics.learningRate,
      "kept steps": metrics.steps,
      "steps trained": metrics.sweep?.sweepSteps ?? metrics.steps,
      "plain budget": metrics.sweep?.budgetSteps ?? metrics.steps,
      "train s": metrics.trainSeconds,
      "s/step": metrics.secondsPerStep,
      "wall s": wallSeconds,
      trials: metrics.sweep?.trials.map((trial) => `${trial.learningRate}: ${trial.best === null ? "-" : `${trial.best.accuracy}/${trial.best.loss}@${trial.best.step}`}`).join("; ") ?? "-",
    },
  };
}

/** Runs the benchmark and records bench/results/finetune-sweep.json. */
export async function run(): Promise<void> {
  const home = process.env.FLYWHEEL_HOME || path.join(homedir(), ".cache", "flywheel");
  if ((await readyTrainingEnvironment(home)) === undefined) {
    console.log("finetune-sweep: skipped (run `flywheel finetune setup` first)");
    return;
  }
  const threads = Number(process.env.FINETUNE_BENCH_THREADS ?? 1);
  const names = (process.env.FINETUNE_SWEEP_TASKS ?? `${ticketRouting.name},${homeIntents.name}`).split(",");
  const tasks = [ticketRouting, homeIntents].filter((task) => names.includes(task.name));
  const folder = temporaryFolder("flywheel-bench-sweep-");
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: home, FLYWHEEL_DB: path.join(folder, "flywheel.db") }, overrides: { finetune: { threads } } });
  const flywheel = await createFlywheel({ config });
  const tuned: string[] = [];
  const rows: BenchRow[] = [];
  try {
    // The tasks train at the same time, one worker process each.
    const perTask = await Promise.all(
      tasks.map(async (task) => {
        const file = path.join(folder, `${task.name}.jsonl`);
        writeFileSync(file, routingJsonl(task, 160));
        await importDataset(flywheel, { name: task.name, file, split: { seed: 5, fractions: { train: 0.8, validation: 0.1, test: 0.1 } } });
        const swept = await tune(flywheel, task, {}, tuned);
        return process.env.FINETUNE_SWEEP_FIXED === "1" ? [swept, await tune(flywheel, task, { learningRate: 5e-4, epochs: 3 }, tuned)] : [swept];
      }),
    );
    rows.push(...perTask.flat());
    const ratios = Object.fromEntries(rows.filter((row) => row.name.endsWith("sweep")).map((row) => [`${row.name.split(" ")[0]!} steps trained / plain budget`, Number(row.values["steps trained"]) / Number(row.values["plain budget"])]));
    reportBench({
      benchmark: "finetune-sweep",
      setup: { base: BASE, threads, rows: 160, split: "0.8/0.1/0.1 (seed 5)", sweep: sweepDefaults, lora: "r=8, alpha=16, q_proj+v_proj, batch 4", note: "the sweep's grid and probe length were chosen on ticket-routing only; home-intents confirms them" },
      rows,
      ratios,
      targets: Object.entries(ratios).map(([name, value]) => ({ name, target: "<= 2", value, met: value <= 2 })),
    });
  } finally {
    await flywheel.close();
    for (const alias of tuned) await rm(modelDirectory(home, alias), { recursive: true, force: true });
  }
}
