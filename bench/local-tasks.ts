// The embedded chat models on real work: tool tasks through the agent runner (runAgent with the
// built-in tools), cited answers through `ask` over a corpus written for the bench about a
// fictional product, and generation speed and memory through Flywheel's local provider against
// node-llama-cpp used directly (same GGUF, threads, context and prompt; interleaved runs).
// Every task's answer, tool calls and time go into bench/results/local-tasks.json.
//   LOCAL_TASKS_MODELS=tiny,qwen2.5-coder-0.5b   models to measure (default: all three)
//   LOCAL_TASKS_LIMIT=5                          only the first N tool tasks and N questions
//   LOCAL_TASKS_PARTS=tools,cited,speed          which parts to run (default: all)
//   LOCAL_TASKS_SPEED_ROUNDS=5                   interleaved speed rounds per model
//   FLYWHEEL_BENCH_THREADS=1                     inference threads (default 1: a shared machine)
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFlywheel, ingest, loadConfig } from "../src/index.js";
import type { Flywheel } from "../src/index.js";
import { localProviderHandle } from "../src/models/local/index.js";
import { resolveModel } from "../src/models/model-store/index.js";
import { corpusFolder, loadQuestions, loadToolTasks } from "./local-tasks/fixtures.js";
import { measureSpeed } from "./local-tasks/measure-speed.js";
import type { ModelSpeed } from "./local-tasks/measure-speed.js";
import { runCitedQuestion } from "./local-tasks/run-cited-question.js";
import type { CitedQuestionOutcome } from "./local-tasks/run-cited-question.js";
import { runToolTask } from "./local-tasks/run-tool-task.js";
import type { ToolTaskOutcome } from "./local-tasks/run-tool-task.js";
import { reportBench } from "./support/results.js";
import type { BenchResult, BenchRow } from "./support/results.js";

const COLLECTION = "kestrel-hearth";
const CONTEXT_SIZE = 4096;

/** Everything measured for one model. */
interface ModelReport {
  model: string;
  sizeMiB: number;
  toolTasks: ToolTaskOutcome[];
  citedAnswers: CitedQuestionOutcome[];
  speed?: ModelSpeed;
  seconds: Record<string, number>;
}

const list = (value: string | undefined, fallback: string[]) => (value === undefined || value.trim() === "" ? fallback : value.split(",").map((item) => item.trim()).filter((item) => item !== ""));

/** Runs the benchmark and writes bench/results/local-tasks.json. */
export async function run(): Promise<void> {
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  const started = performance.now();
  const loadAtStart = os.loadavg();
  const modelHome = process.env.FLYWHEEL_HOME ?? path.join(os.homedir(), ".cache", "flywheel");
  const aliases = list(process.env.LOCAL_TASKS_MODELS, ["tiny", "qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"]);
  const parts = new Set(list(process.env.LOCAL_TASKS_PARTS, ["tools", "cited", "speed"]));
  const limit = Number(process.env.LOCAL_TASKS_LIMIT ?? Infinity);
  const rounds = Number(process.env.LOCAL_TASKS_SPEED_ROUNDS ?? 5);
  const threads = Number(process.env.FLYWHEEL_BENCH_THREADS ?? 1);
  const tasks = loadToolTasks().slice(0, limit);
  const questions = loadQuestions().slice(0, limit);
  const corpus = new Map(readdirSync(corpusFolder).map((file) => [file, readFileSync(path.join(corpusFolder, file), "utf8")]));

  const folder = mkdtempSync(path.join(os.tmpdir(), "flywheel-bench-local-tasks-"));
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_DB: path.join(folder, "flywheel.db"), FLYWHEEL_HOME: path.join(folder, "home") } });
  // One Flywheel per model, closed after it, so only one chat model is loaded at a time.
  const openFlywheel = () => createFlywheel({ config, providers: { local: localProviderHandle({ home: modelHome, threads, autoPull: false }) } });
  const reports: ModelReport[] = [];
  try {
    if (parts.has("cited")) {
      const flywheel = await openFlywheel();
      try {
        await ingest(flywheel, { collection: COLLECTION, inputs: [corpusFolder], cwd: folder });
      } finally {
        await flywheel.close();
      }
    }
    for (const alias of aliases) {
      const model = `local:${alias}`;
      const pulled = await resolveModel(modelHome, alias, { autoPull: false });
      const report: ModelReport = { model, sizeMiB: statSync(pulled.mainPath).size / 2 ** 20, toolTasks: [], citedAnswers: [], seconds: {} };
      reports.push(report);
      const timed = async (part: string, work: () => Promise<void>) => {
        const partStarted = performance.now();
        await work();
        report.seconds[part] = (performance.now() - partStarted) / 1000;
      };
      const flywheel: Flywheel = await openFlywheel();
      try {
        if (parts.has("tools")) {
          await timed("tools", async () => {
            for (const task of tasks) report.toolTasks.push(progress(model, await runToolTask(flywheel, model, task)));
          });
        }
        if (parts.has("cited")) {
          await timed("cited", async () => {
            for (const question of questions) report.citedAnswers.push(progress(model, await runCitedQuestion(flywheel, { model, collection: COLLECTION, question, corpus })));
          });
        }
      } finally {
        await flywheel.close();
      }
      if (parts.has("speed")) {
        await timed("speed", async () => {
          report.speed = await measureSpeed({ home: modelHome, alias, threads, contextSize: CONTEXT_SIZE }, rounds);
        });
      }
      // Written after every model, so a long run that is stopped keeps the models it finished.
      reportBench(result(reports, { threads, contextSize: CONTEXT_SIZE, rounds, limit, parts: [...parts], loadAtStart, seconds: (performance.now() - started) / 1000 }));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Prints one line per finished task (what was called or cited), so a long run shows where it is. */
function progress<T extends ToolTaskOutcome | CitedQuestionOutcome>(model: string, outcome: T): T {
  const [name, detail] = "id" in outcome ? [outcome.id, `${outcome.stopReason} [${outcome.toolsCalled.join(" ")}]`] : [outcome.question, `cited [${outcome.citedSources.join(" ")}]`];
  console.error(`${model} ${outcome.passed ? "pass" : "FAIL"} ${outcome.seconds.toFixed(1)}s ${name}: ${outcome.error ?? detail}`);
  return outcome;
}

function result(reports: ModelReport[], run: { threads: number; contextSize: number; rounds: number; limit: number; parts: string[]; loadAtStart: number[]; seconds: number }): BenchResult {
  const rate = (outcomes: { passed: boolean }[]) => (outcomes.length === 0 ? null : outcomes.filter((outcome) => outcome.passed).length / outcomes.length);
  const rows: BenchRow[] = reports.map((report) => ({
    name: report.model,
    values: {
      "size MiB": report.sizeMiB,
      "tool tasks passed": rate(report.toolTasks),
      "tool tasks": report.toolTasks.length,
      "cited answers passed": rate(report.citedAnswers),
      questions: report.citedAnswers.length,
      "gen tok/s flywheel": report.speed?.flywheel.generationTokensPerSecond ?? null,
      "gen tok/s direct": report.speed?.direct.generationTokensPerSecond ?? null,
      "prompt tok/s flywheel": report.speed?.flywheel.promptTokensPerSecond ?? null,
      "prompt tok/s direct": report.speed?.direct.promptTokensPerSecond ?? null,
      "peak RSS MiB flywheel": report.speed?.flywheel.peakRssMiB ?? null,
      "peak RSS MiB direct": report.speed?.direct.peakRssMiB ?? null,
    },
  }));
  const ratios: Record<string, number> = {};
  const targets: NonNullable<BenchResult["targets"]> = [];
  for (const { model, speed } of reports) {
    if (speed === undefined) continue;
    const measures = {
      "gen tok/s": "generationTokensPerSecond",
      "prompt tok/s": "promptTokensPerSecond",
      "gen tok/cpu-s": "generationTokensPerCpuSecond",
      "prompt tok/cpu-s": "promptTokensPerCpuSecond",
    } as const;
    for (const [measure, key] of Object.entries(measures)) {
      const value = speed.flywheel[key] / speed.direct[key];
      ratios[`${model} ${measure} flywheel/direct`] = value;
      targets.push({ name: `${model} ${measure} flywheel/direct, median run`, target: ">= 0.95", value, met: value >= 0.95 });
    }
    ratios[`${model} peak RSS flywheel/direct`] = speed.flywheel.peakRssMiB / speed.direct.peakRssMiB;
  }
  return {
    benchmark: "local-tasks",
    setup: {
      threads: run.threads,
      contextSize: run.contextSize,
      speedRounds: run.rounds,
      statistic: "pass rate over the fixtures; speed: median of interleaved rounds; memory: peak RSS of a fresh process per side",
      parts: run.parts,
      limit: Number.isFinite(run.limit) ? run.limit : "all",
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model,
      loadAverageAtStart: run.loadAtStart,
      benchSeconds: run.seconds,
      models: Object.fromEntries(reports.map((report) => [report.model, { seconds: report.seconds, speed: report.speed, toolTasks: report.toolTasks, citedAnswers: report.citedAnswers }])),
    },
    rows,
    ratios,
    targets,
  };
}
