// Agents: (1) what Flywheel's tool loop adds per step over the AI SDK's own tool loop, both
// against the in-repo OpenAI-compatible server (own process) whose `tool-lookup` model calls a
// tool and then answers; interleaved rounds (order reversed every other round), median and
// minimum rounds compared; every timed window that goes through Flywheel ends with
// `tracing.flush()`, so its spans' store writes are paid inside it. (2) How often the embedded
// model (local:default) solves small tool-use tasks, with grammar-constrained tool calls
// (native) and without (tools described in the prompt, JSON parsed from free text).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { generateText, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";
import { calculatorTool, createFlywheel, defineTool, loadConfig, readFileTool, runAgent } from "../dist/index.js";
import type { Flywheel } from "../dist/index.js";
import type { BenchRow } from "./support/results.js";
import { interleave } from "./support/interleave.js";
import { reportBench, summarize } from "./support/results.js";
import { startServerProcess } from "./support/server-process.js";

const RUNS_PER_ROUND = 40;
const ROUNDS = 7;
const STEPS_PER_RUN = 2;

const lookupSchema = z.object({ key: z.string() });
const lookup = async ({ key }: { key: string }) => `value of ${key}`;

/** Work a side still owes when its runs have returned (through Flywheel: writing its queued spans). */
type Settle = () => Promise<void>;

const nothingOwed: Settle = async () => undefined;

async function timeFlywheel(flywheel: Flywheel, streamed: boolean): Promise<number> {
  const agentTool = defineTool({ name: "lookup", description: "Looks a key up", inputSchema: lookupSchema, execute: lookup });
  const started = performance.now();
  for (let index = 0; index < RUNS_PER_ROUND; index += 1) {
    const result = await runAgent(flywheel, { objective: `look up ${index}`, model: "openai:tool-lookup", tools: [agentTool], onEvent: streamed ? () => undefined : undefined });
    if (result.stopReason !== "final-answer" || result.modelCalls !== STEPS_PER_RUN) throw new Error(`unexpected run: ${result.stopReason}, ${result.modelCalls} steps`);
  }
  await flywheel.tracing.flush();
  return (performance.now() - started) / (RUNS_PER_ROUND * STEPS_PER_RUN);
}

async function timeSdk(model: LanguageModelV4, settle: Settle): Promise<number> {
  const tools = { lookup: tool({ description: "Looks a key up", inputSchema: lookupSchema, execute: lookup }) };
  const started = performance.now();
  for (let index = 0; index < RUNS_PER_ROUND; index += 1) {
    const result = await generateText({ model, prompt: `look up ${index}`, tools, stopWhen: stepCountIs(10), maxRetries: 0 });
    if (result.steps.length !== STEPS_PER_RUN) throw new Error(`unexpected run: ${result.steps.length} steps`);
  }
  await settle();
  return (performance.now() - started) / (RUNS_PER_ROUND * STEPS_PER_RUN);
}

/** The AI SDK's streaming tool loop, consumed part by part as runAgent consumes its stream. */
async function timeSdkStream(model: LanguageModelV4, settle: Settle): Promise<number> {
  const tools = { lookup: tool({ description: "Looks a key up", inputSchema: lookupSchema, execute: lookup }) };
  const started = performance.now();
  for (let index = 0; index < RUNS_PER_ROUND; index += 1) {
    const result = streamText({ model, prompt: `look up ${index}`, tools, stopWhen: stepCountIs(10), maxRetries: 0 });
    for await (const part of result.fullStream) if (part.type === "error") throw part.error;
    if ((await result.steps).length !== STEPS_PER_RUN) throw new Error("unexpected run");
  }
  await settle();
  return (performance.now() - started) / (RUNS_PER_ROUND * STEPS_PER_RUN);
}

async function loopOverhead(rows: BenchRow[], ratios: Record<string, number>): Promise<void> {
  const server = await startServerProcess({ latencyMs: 0 });
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-agents-"));
  const config = await loadConfig({ cwd: folder, env: { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "bench", FLYWHEEL_HOME: folder } });
  const flywheel = await createFlywheel({ config });
  const direct = createOpenAI({ baseURL: server.openaiBaseURL, apiKey: "bench" }).chat("tool-lookup");
  const wrapped = flywheel.model("openai:tool-lookup");
  const flush = () => flywheel.tracing.flush();
  const sides = {
    direct: () => timeSdk(direct, nothingOwed),
    wrapped: () => timeSdk(wrapped, flush),
    streamed: () => timeSdkStream(wrapped, flush),
    flywheel: () => timeFlywheel(flywheel, false),
    flywheelStreamed: () => timeFlywheel(flywheel, true),
  };
  for (const warmUp of Object.values(sides)) await warmUp();
  const samples = await interleave(ROUNDS, sides);
  await flywheel.close();
  await server.stop();
  const stats = { direct: summarize(samples.direct), wrapped: summarize(samples.wrapped), streamed: summarize(samples.streamed), flywheel: summarize(samples.flywheel), flywheelStreamed: summarize(samples.flywheelStreamed) };
  rows.push(
    { name: "AI SDK tool loop, provider called directly (per step)", values: { "min ms": stats.direct.min, "median ms": stats.direct.p50 } },
    { name: "AI SDK tool loop over Flywheel's model (per step)", values: { "min ms": stats.wrapped.min, "median ms": stats.wrapped.p50 } },
    { name: "AI SDK streaming tool loop over Flywheel's model (per step)", values: { "min ms": stats.streamed.min, "median ms": stats.streamed.p50 } },
    { name: "Flywheel runAgent, no event listener (per step)", values: { "min ms": stats.flywheel.min, "median ms": stats.flywheel.p50 } },
    { name: "Flywheel runAgent, streaming events (per step)", values: { "min ms": stats.flywheelStreamed.min, "median ms": stats.flywheelStreamed.p50 } },
  );
  for (const statistic of ["p50", "min"] as const) {
    const label = statistic === "p50" ? "median" : "min";
    ratios[`per step, ${label}: runAgent / AI SDK loop, provider direct`] = stats.flywheel[statistic] / stats.direct[statistic];
    ratios[`per step, ${label}: runAgent / AI SDK loop over Flywheel's model`] = stats.flywheel[statistic] / stats.wrapped[statistic];
    ratios[`added ms per step, ${label}: runAgent vs AI SDK loop over Flywheel's model`] = stats.flywheel[statistic] - stats.wrapped[statistic];
    ratios[`per step, ${label}: runAgent streaming / AI SDK streaming loop over Flywheel's model`] = stats.flywheelStreamed[statistic] / stats.streamed[statistic];
    ratios[`added ms per step, ${label}: runAgent streaming vs AI SDK streaming loop`] = stats.flywheelStreamed[statistic] - stats.streamed[statistic];
  }
}

/** Small tool-use tasks for the embedded model, each with the text its answer or a tool result must contain. */
function localTasks(folder: string): { name: string; objective: string; tools: string[]; expect: string }[] {
  writeFileSync(path.join(folder, "capital.txt"), "The capital of Freedonia is Gruberstadt.\n");
  writeFileSync(path.join(folder, "server.txt"), "The web server listens on port 8443.\n");
  return [
    { name: "multiply", objective: "Use the calculator to compute 37 * 91.", tools: ["calculator"], expect: "3367" },
    { name: "add", objective: "Use the calculator to compute 1234 + 4321.", tools: ["calculator"], expect: "5555" },
    { name: "divide", objective: "Use the calculator to compute 250 / 5.", tools: ["calculator"], expect: "50" },
    { name: "square", objective: "Use the calculator to compute 12 * 12.", tools: ["calculator"], expect: "144" },
    { name: "file capital", objective: "Read the file capital.txt with read_file and say the capital of Freedonia.", tools: ["read_file"], expect: "Gruberstadt" },
    { name: "file port", objective: "Read the file server.txt with read_file and say which port the web server listens on.", tools: ["read_file"], expect: "8443" },
  ];
}

async function localSuccess(rows: BenchRow[], ratios: Record<string, number>, notes: string[]): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-agents-local-"));
  const config = await loadConfig({ cwd: folder });
  const flywheel = await createFlywheel({ config });
  try {
    try {
      flywheel.model("local:default");
    } catch (error) {
      notes.push(`embedded model not measured: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const tasks = localTasks(folder);
    const modes = [
      { label: "with grammar (native tool calls)", short: "native", toolCallMode: "native", toolChoice: "auto" },
      { label: "with grammar, tool required on the first call", short: "native+required", toolCallMode: "native", toolChoice: "required-first" },
      { label: "without grammar (prompted JSON)", short: "prompted", toolCallMode: "prompted", toolChoice: "auto" },
    ] as const;
    for (const mode of modes) {
      let toolSuccess = 0;
      let answerSuccess = 0;
      let totalMs = 0;
      for (const task of tasks) {
        const tools = task.tools.map((name) => (name === "calculator" ? calculatorTool() : readFileTool({ root: folder })));
        const started = performance.now();
        const result = await runAgent(flywheel, {
          objective: task.objective,
          model: "local:default",
          tools,
          toolCallMode: mode.toolCallMode,
          toolChoice: mode.toolChoice,
          temperature: 0,
          maxOutputTokens: 160,
          budgets: { maxSteps: 5, maxTimeMs: 120_000 },
        });
        totalMs += performance.now() - started;
        const toolHit = result.toolCalls.some((call) => !call.isError && call.output.includes(task.expect));
        const answerHit = result.text.includes(task.expect);
        toolSuccess += toolHit ? 1 : 0;
        answerSuccess += answerHit ? 1 : 0;
        rows.push({ name: `local:default ${mode.short}: ${task.name}`, values: { "tool ok": toolHit ? 1 : 0, "answer ok": answerHit ? 1 : 0, steps: result.modelCalls, "ms": performance.now() - started, stop: result.stopReason } });
      }
      const { label } = mode;
      ratios[`local:default ${label}: tool-call success rate`] = toolSuccess / tasks.length;
      ratios[`local:default ${label}: answer success rate`] = answerSuccess / tasks.length;
      ratios[`local:default ${label}: mean seconds per task`] = totalMs / tasks.length / 1000;
    }
  } finally {
    await flywheel.close();
  }
}

export async function run(): Promise<void> {
  const rows: BenchRow[] = [];
  const ratios: Record<string, number> = {};
  const notes: string[] = [];
  await loopOverhead(rows, ratios);
  await localSuccess(rows, ratios, notes);
  for (const note of notes) console.log(note);
  reportBench({
    benchmark: "agents",
    setup: {
      loop: { runsPerRound: RUNS_PER_ROUND, rounds: ROUNDS, order: "interleaved, reversed every other round", flywheelWindow: "ends after tracing.flush()", stepsPerRun: STEPS_PER_RUN, server: "in-repo protocol server, own process, model tool-lookup", cpus: 2 },
      local: { model: "local:default", temperature: 0, maxStepsPerTask: 5, success: "tool ok: a tool result holds the expected value; answer ok: the final answer does" },
      notes,
    },
    rows,
    ratios,
  });
}
