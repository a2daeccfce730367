// `npm run bench -- finetune`: the same LoRA training (SmolLM2-135M, r=8 on q/v, batch 4,
// sequences <= 256) run through Flywheel's worker and as a bare transformers + PEFT script,
// interleaved in one run (bare first in even rounds): the median round's seconds per step,
// training tokens per second, peak memory and wall time, and the best round's; then
// held-out accuracy of the base and the tuned model on the test split.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config/index.js";
import { importDataset, readDatasetRows, resolveDatasetVersion, rowsToJsonl } from "../src/datasets/index.js";
import { compareFineTuneJob, readyTrainingEnvironment, runFineTuneJob, startFineTune } from "../src/finetune/index.js";
import { freeCoreCount } from "../src/models/local/index.js";
import { modelDirectory, resolveModel } from "../src/models/model-store/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import { temporaryFolder } from "../test/support/flywheel-fixture.js";
import { SENTIMENT_SYSTEM, sentimentReply, sentimentReviews } from "../test/support/sentiment-task.js";
import { interleave } from "./support/interleave.js";
import { reportBench, summarize } from "./support/results.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const STEPS = Number(process.env.FINETUNE_BENCH_STEPS ?? 20);
const ROUNDS = Number(process.env.FINETUNE_BENCH_ROUNDS ?? 5);
const BATCH = 4;
const LEARNING_RATE = 1e-3;
const SEED = 1;

interface TrainingNumbers {
  secondsPerStep: number;
  tokensPerSecond: number;
  peakMemoryBytes: number;
  wallSeconds: number;
}

function runBare(python: string, args: string[]): Promise<TrainingNumbers> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(python, [path.join(here, "..", "python", "bench", "bare_peft_train.py"), ...args], { stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, HF_HUB_OFFLINE: "1", TOKENIZERS_PARALLELISM: "false" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => {
      const last = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0) reject(new Error(`bare PEFT script exited ${String(code)}`));
      else resolve({ ...(JSON.parse(last) as Omit<TrainingNumbers, "wallSeconds">), wallSeconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Runs the benchmark and records bench/results/finetune.json. */
export async function run(): Promise<void> {
  const home = process.env.FLYWHEEL_HOME || path.join(homedir(), ".cache", "flywheel");
  const environment = await readyTrainingEnvironment(home);
  if (environment === undefined) {
    console.log("finetune: skipped (run `flywheel finetune setup` first)");
    return;
  }
  const folder = temporaryFolder("flywheel-bench-finetune-");
  // Both sides train on the same thread count, fixed once (the worker would otherwise pick the free cores at each start).
  const threads = Number(process.env.FINETUNE_BENCH_THREADS ?? freeCoreCount());
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: home, FLYWHEEL_DB: path.join(folder, "flywheel.db") }, overrides: { finetune: { threads } } });
  const flywheel = await createFlywheel({ config });
  const tuned: string[] = [];
  try {
    const file = path.join(folder, "sentiment.jsonl");
    writeFileSync(file, sentimentReviews(96, 5).map((review) => JSON.stringify({ messages: [{ role: "system", content: SENTIMENT_SYSTEM }, { role: "user", content: review.text }, { role: "assistant", content: sentimentReply(review.label) }] })).join("\n"));
    await importDataset(flywheel, { name: "bench", file, split: { seed: 2, fractions: { train: 0.7, validation: 0, test: 0.3 } } });
    const version = await resolveDatasetVersion(flywheel.store, "bench");
    const trainFile = path.join(folder, "train.jsonl");
    writeFileSync(trainFile, rowsToJsonl(await readDatasetRows(flywheel.store, version, { split: "train" }), "openai"));
    const base = await resolveModel(home, "default");
    let lastJob = "";
    const runs = await interleave(ROUNDS, {
      bare: () => runBare(environment.python, [base.mainPath, trainFile, String(STEPS), String(BATCH), String(LEARNING_RATE), String(threads), String(SEED)]),
      flywheel: async (): Promise<TrainingNumbers> => {
        const started = performance.now();
        const job = await startFineTune(flywheel, { dataset: "bench", baseModel: "local:default", name: `bench-${Date.now().toString(36)}`, hyperparameters: { maxSteps: STEPS, batchSize: BATCH, learningRate: LEARNING_RATE, seed: SEED } });
        tuned.push(String(job.payload.name));
        const done = await runFineTuneJob(flywheel, job.jobId);
        if (done.state !== "succeeded") throw new Error(`the fine-tuning job ${done.state}: ${done.error?.message ?? ""}`);
        const metrics = done.result!.metrics as TrainingNumbers;
        lastJob = job.jobId;
        return { secondsPerStep: metrics.secondsPerStep, tokensPerSecond: metrics.tokensPerSecond, peakMemoryBytes: metrics.peakMemoryBytes, wallSeconds: (performance.now() - started) / 1000 };
      },
    });
    const statistics = (list: TrainingNumbers[]) => {
      const of = (pick: (item: TrainingNumbers) => number) => summarize(list.map(pick));
      const [step, tokens, memory, wall] = [of((item) => item.secondsPerStep), of((item) => item.tokensPerSecond), of((item) => item.peakMemoryBytes / 2 ** 20), of((item) => item.wallSeconds)];
      return {
        median: { secondsPerStep: step.p50, tokensPerSecond: tokens.p50, peakMemoryMiB: memory.p50, wallSeconds: wall.p50 },
        best: { secondsPerStep: step.min, tokensPerSecond: Math.max(...list.map((item) => item.tokensPerSecond)), peakMemoryMiB: memory.min, wallSeconds: wall.min },
      };
    };
    const ours = statistics(runs.flywheel);
    const bare = statistics(runs.bare);
    const comparison = await compareFineTuneJob(flywheel, lastJob, { maxTokens: 16 });
    const split = comparison.suites[0]!;
    const ratio = ours.median.secondsPerStep / bare.median.secondsPerStep;
    reportBench({
      benchmark: "finetune",
      setup: {
        model: "SmolLM2-135M-Instruct (Q4_1 GGUF, dequantized to float32 for training)",
        lora: "r=8, alpha=16, q_proj+v_proj",
        steps: STEPS,
        batch: BATCH,
        threads,
        rounds: ROUNDS,
        trainRows: version.splits.train,
        testRows: version.splits.test,
        cores: 2,
        note: "median and best of the rounds for each side, interleaved; the Flywheel wall time includes loading, saving and GGUF conversion of the adapter",
      },
      rows: [
        ...(["median", "best"] as const).flatMap((statistic) => [
          { name: `flywheel worker (${statistic} round)`, values: { "s/step": ours[statistic].secondsPerStep, "train tokens/s": ours[statistic].tokensPerSecond, "peak MiB": ours[statistic].peakMemoryMiB, "wall s": ours[statistic].wallSeconds } },
          { name: `bare PEFT script (${statistic} round)`, values: { "s/step": bare[statistic].secondsPerStep, "train tokens/s": bare[statistic].tokensPerSecond, "peak MiB": bare[statistic].peakMemoryMiB, "wall s": bare[statistic].wallSeconds } },
        ]),
        { name: "held-out accuracy: base", values: { accuracy: split.base.passRate.estimate, cases: split.cases } },
        { name: "held-out accuracy: tuned", values: { accuracy: split.tuned.passRate.estimate, cases: split.cases, "McNemar p": split.passFail.pValue } },
      ],
      ratios: {
        "flywheel/bare s/step, median": ratio,
        "flywheel/bare s/step, best": ours.best.secondsPerStep / bare.best.secondsPerStep,
        "flywheel/bare peak memory, median": ours.median.peakMemoryMiB / bare.median.peakMemoryMiB,
      },
      targets: [{ name: "flywheel/bare seconds per step, median round", target: "<= 1.05", value: ratio, met: ratio <= 1.05 }],
    });
  } finally {
    await flywheel.close();
    for (const alias of tuned) await rm(modelDirectory(home, alias), { recursive: true, force: true });
  }
}
