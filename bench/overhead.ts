// What Flywheel (registry + middleware + tracing + store) adds to a model call, against the
// AI SDK called directly, both talking to the in-repo OpenAI-compatible server in another
// process. Interleaved rounds; the minimum round of each side is compared.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { generateText, streamText } from "ai";
import { createFlywheel, loadConfig } from "../dist/index.js";
import { reportBench, summarize } from "./support/results.js";
import { startServerProcess } from "./support/server-process.js";

const CALLS_PER_ROUND = 200;
const ROUNDS = 7;
const STREAM_WORDS = 400;

async function timeCalls(model: LanguageModelV4, prompt: string): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < CALLS_PER_ROUND; index += 1) await generateText({ model, prompt: `${prompt} ${index}`, maxRetries: 0 });
  return (performance.now() - started) / CALLS_PER_ROUND;
}

async function timeStream(model: LanguageModelV4, prompt: string): Promise<{ perToken: number; tokens: number }> {
  const started = performance.now();
  let tokens = 0;
  for (let index = 0; index < 10; index += 1) {
    const result = streamText({ model, prompt: `${prompt} ${index}`, maxRetries: 0 });
    for await (const delta of result.textStream) if (delta.length > 0) tokens += 1;
  }
  return { perToken: (performance.now() - started) / tokens, tokens };
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
    const longPrompt = Array.from({ length: STREAM_WORDS }, (_, index) => `w${index}`).join(" ");
    // Warm both paths (JIT, connection pool, store pages).
    await timeCalls(direct, "warm");
    await timeCalls(wrapped, "warm");
    const samples = { direct: [] as number[], flywheel: [] as number[], directToken: [] as number[], flywheelToken: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      samples.direct.push(await timeCalls(direct, "hello"));
      samples.flywheel.push(await timeCalls(wrapped, "hello"));
      samples.directToken.push((await timeStream(direct, longPrompt)).perToken);
      samples.flywheelToken.push((await timeStream(wrapped, longPrompt)).perToken);
    }
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
    const callRatio = call.flywheel.min / call.direct.min;
    ratios[`call flywheel/direct (server ${latencyMs} ms)`] = callRatio;
    ratios[`streamed token flywheel/direct (server ${latencyMs} ms)`] = token.flywheel.min / token.direct.min;
    ratios[`added ms per call, min (server ${latencyMs} ms)`] = call.flywheel.min - call.direct.min;
    ratios[`call flywheel/direct, median (server ${latencyMs} ms)`] = call.flywheel.p50 / call.direct.p50;
    targets.push({ name: `non-streaming call, server ${latencyMs} ms`, target: "<= 1.05x direct", value: callRatio, met: callRatio <= 1.05 });
  }
  reportBench({
    benchmark: "overhead",
    setup: { callsPerRound: CALLS_PER_ROUND, rounds: ROUNDS, streamedWordsPerReply: STREAM_WORDS, server: "in-repo protocol server, own process", cpus: 2 },
    rows,
    ratios,
    targets,
  });
}
