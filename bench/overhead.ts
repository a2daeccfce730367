// What Flywheel (registry + middleware + tracing + store) adds to a model call, against the
// AI SDK called directly, both talking to the in-repo OpenAI-compatible server in another
// process. Interleaved rounds, alternating who goes first; the median and minimum rounds of each
// side are compared. The Flywheel side's timed window ends with `tracing.flush()`, so the store
// writes of its spans are paid by Flywheel and not by whichever round runs next.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { createFlywheel, loadConfig } from "../dist/index.js";
import { interleave } from "./support/interleave.js";
import { reportBench, summarize } from "./support/results.js";
import { startServerProcess } from "./support/server-process.js";

const CALLS_PER_ROUND = 200;
const ROUNDS = 7;
const STREAM_WORDS = 400;

/** Work a side still owes when its calls have returned (Flywheel: writing its queued spans). */
type Settle = () => Promise<void>;

const nothingOwed: Settle = async () => undefined;

async function timeCalls(model: LanguageModelV4, prompt: string, settle: Settle): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < CALLS_PER_ROUND; index += 1) await generateText({ model, prompt: `${prompt} ${index}`, maxRetries: 0 });
  await settle();
  return (performance.now() - started) / CALLS_PER_ROUND;
}

async function timeStream(model: LanguageModelV4, prompt: string, settle: Settle): Promise<number> {
  const started = performance.now();
  let tokens = 0;
  for (let index = 0; index < 10; index += 1) {
    const result = streamText({ model, prompt: `${prompt} ${index}`, maxRetries: 0 });
    for await (const delta of result.textStream) if (delta.length > 0) tokens += 1;
  }
  await settle();
  return (performance.now() - started) / tokens;
}

export async function run(): Promise<void> {
  const rows = [];
  const ratios: Record<string, number> = {};
  const targets = [];
  for (const latencyMs of [0, 20]) {
    const server = await startServerProcess({ latencyMs });
    const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-"));
    const config = await loadConfig({ cwd: folder, env: { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "bench", FLYWHEEL_HOME: folder } });
    const flywheel = await createFlywheel({ config });
    const direct = createOpenAI({ baseURL: server.openaiBaseURL, apiKey: "bench" }).chat("gpt-4o-mini");
    const wrapped = flywheel.model("openai:gpt-4o-mini");
    const flush = () => flywheel.tracing.flush();
    const longPrompt = Array.from({ length: STREAM_WORDS }, (_, index) => `w${index}`).join(" ");
    // Warm both paths (JIT, connection pool, store pages).
    await timeCalls(direct, "warm", nothingOwed);
    await timeCalls(wrapped, "warm", flush);
    const samples = await interleave(ROUNDS, {
      direct: () => timeCalls(direct, "hello", nothingOwed),
      flywheel: () => timeCalls(wrapped, "hello", flush),
      directToken: () => timeStream(direct, longPrompt, nothingOwed),
      flywheelToken: () => timeStream(wrapped, longPrompt, flush),
    });
    await flywheel.close();
    await server.stop();
    const call = { direct: summarize(samples.direct), flywheel: summarize(samples.flywheel) };
    const token = { direct: summarize(samples.directToken), flywheel: summarize(samples.flywheelToken) };
    rows.push(
      { name: `AI SDK direct, call (server ${latencyMs} ms)`, values: { "min ms": call.direct.min, "median ms": call.direct.p50 } },
      { name: `Flywheel, call (server ${latencyMs} ms)`, values: { "min ms": call.flywheel.min, "median ms": call.flywheel.p50 } },
      { name: `AI SDK direct, per streamed token (server ${latencyMs} ms)`, values: { "min ms": token.direct.min, "median ms": token.direct.p50 } },
      { name: `Flywheel, per streamed token (server ${latencyMs} ms)`, values: { "min ms": token.flywheel.min, "median ms": token.flywheel.p50 } },
    );
    const callRatio = call.flywheel.p50 / call.direct.p50;
    ratios[`call flywheel/direct, median (server ${latencyMs} ms)`] = callRatio;
    ratios[`call flywheel/direct, min (server ${latencyMs} ms)`] = call.flywheel.min / call.direct.min;
    ratios[`added ms per call, median (server ${latencyMs} ms)`] = call.flywheel.p50 - call.direct.p50;
    ratios[`streamed token flywheel/direct, median (server ${latencyMs} ms)`] = token.flywheel.p50 / token.direct.p50;
    ratios[`streamed token flywheel/direct, min (server ${latencyMs} ms)`] = token.flywheel.min / token.direct.min;
    targets.push({ name: `non-streaming call, median round, server ${latencyMs} ms`, target: "<= 1.05x direct", value: callRatio, met: callRatio <= 1.05 });
  }
  reportBench({
    benchmark: "overhead",
    setup: { callsPerRound: CALLS_PER_ROUND, rounds: ROUNDS, order: "interleaved, reversed every other round", flywheelWindow: "ends after tracing.flush()", streamedWordsPerReply: STREAM_WORDS, server: "in-repo protocol server, own process", cpus: 2 },
    rows,
    ratios,
    targets,
  });
}
