// Local models through Flywheel's provider (AI SDK streamText / embedMany) against the same
// engines used directly (node-llama-cpp on the same GGUF, onnxruntime on the same graph), in
// one process, interleaved (order reversed every other run): median and best run of prompt and
// generation tokens/s, embedding texts/s at batch 1 and 32, and peak RSS.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { embedMany, streamText } from "ai";
import type { ChatHistoryItem } from "node-llama-cpp";
import { createLocalProvider, freeCoreCount } from "../src/models/local/index.js";
import { resolveModel } from "../src/models/model-store/index.js";
import { datasetFolder } from "./support/dataset-folder.js";
import { interleave } from "./support/interleave.js";
import { peakRssMiB, reportBench, summarize } from "./support/results.js";
import { cpuSeconds } from "./support/chat-sample.js";
import type { ChatSample } from "./support/chat-sample.js";

const CHAT_RUNS = 11;
const EMBED_RUNS = 5;
const MAX_OUTPUT_TOKENS = 64;

const rss = () => process.memoryUsage().rss / 2 ** 20;

/** Runs the benchmark and writes bench/results/local.json. */
export async function run(): Promise<void> {
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  const home = process.env.FLYWHEEL_HOME ?? path.join(os.homedir(), ".cache", "flywheel");
  // The provider's own default: threads from the free cores. On a shared machine two threads
  // that must meet at every barrier are far noisier than one.
  const threads = Number(process.env.FLYWHEEL_BENCH_THREADS ?? freeCoreCount());
  const loadAtStart = os.loadavg()[0]!;
  const chatModel = await resolveModel(home, "default", { autoPull: true });
  const embeddingModel = await resolveModel(home, "embed", { autoPull: true });
  const rssAtStart = rss();

  // ---- chat ----
  const flywheel = createLocalProvider({ home, threads, contextSize: 2048, parallelSequences: 1 });
  const { getLlama, JinjaTemplateChatWrapper, LlamaChat, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: threads, logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath: chatModel.mainPath });
  const context = await model.createContext({ contextSize: 2048, sequences: 1, threads });
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  const chat = new LlamaChat({
    contextSequence: context.getSequence(),
    autoDisposeSequence: false,
    chatWrapper: typeof template === "string" ? new JinjaTemplateChatWrapper({ template }) : "auto",
  });
  const system = "You are a helpful assistant who writes long, detailed answers.";
  const question = `Here are some notes.\n${"The river runs through the old town, past the market and the mill. ".repeat(20)}\nWrite a long story about the river.`;
  // A different first line on every run keeps either side from reusing an evaluated prefix.
  const systemFor = (runIndex: number) => `Run ${runIndex}. ${system}`;

  const viaFlywheel = async (runIndex: number): Promise<ChatSample> => {
    const started = performance.now();
    const startedCpu = cpuSeconds();
    let firstText = 0;
    let firstTextCpu = 0;
    const result = streamText({ model: flywheel("default"), system: systemFor(runIndex), prompt: question, maxOutputTokens: MAX_OUTPUT_TOKENS, temperature: 0 });
    for await (const part of result.fullStream) {
      if (part.type === "text-delta" && firstText === 0) {
        firstText = performance.now();
        firstTextCpu = cpuSeconds();
      }
    }
    const ended = performance.now();
    const endedCpu = cpuSeconds();
    const usage = await result.usage;
    return {
      promptTokens: usage.inputTokens!,
      outputTokens: usage.outputTokens!,
      firstTextSeconds: (firstText - started) / 1000,
      generationSeconds: (ended - firstText) / 1000,
      firstTextCpuSeconds: firstTextCpu - startedCpu,
      generationCpuSeconds: endedCpu - firstTextCpu,
    };
  };
  const direct = async (runIndex: number): Promise<ChatSample> => {
    const history: ChatHistoryItem[] = [{ type: "system", text: systemFor(runIndex) }, { type: "user", text: question }, { type: "model", response: [] }];
    const promptTokens = chat.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer).length;
    const started = performance.now();
    const startedCpu = cpuSeconds();
    let firstText = 0;
    let firstTextCpu = 0;
    let outputTokens = 0;
    await chat.generateResponse(history, {
      maxTokens: MAX_OUTPUT_TOKENS,
      onTextChunk: () => {
        if (firstText !== 0) return;
        firstText = performance.now();
        firstTextCpu = cpuSeconds();
      },
      onToken: (tokens) => (outputTokens += tokens.length),
    });
    const ended = performance.now();
    const endedCpu = cpuSeconds();
    return {
      promptTokens,
      outputTokens,
      firstTextSeconds: (firstText - started) / 1000,
      generationSeconds: (ended - firstText) / 1000,
      firstTextCpuSeconds: firstTextCpu - startedCpu,
      generationCpuSeconds: endedCpu - firstTextCpu,
    };
  };

  await viaFlywheel(-1);
  await direct(-2);
  const chatSamples = await interleave(CHAT_RUNS, { flywheel: viaFlywheel, direct });
  const rssAfterChat = rss();
  await flywheel.close();
  await context.dispose();
  await model.dispose();
  await llama.dispose();

  // ---- embeddings ----
  const texts = benchmarkTexts(128);
  const embedder = createLocalProvider({ home, threads });
  const ort = await import("onnxruntime-node");
  const session = await ort.InferenceSession.create(embeddingModel.mainPath, {
    executionProviders: ["cpu"],
    graphOptimizationLevel: "all",
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
  });
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(path.join(embeddingModel.directory, "tokenizer.json"), "utf8")) as object, {});
  const directEmbed = async (values: string[], batchSize: number): Promise<number> => {
    let vectors = 0;
    for (let start = 0; start < values.length; start += batchSize) {
      const encoded: number[][] = values.slice(start, start + batchSize).map((text) => tokenizer.encode(text).ids.slice(0, 256));
      const width = Math.max(...encoded.map((ids) => ids.length));
      const ids = new BigInt64Array(encoded.length * width);
      const mask = new BigInt64Array(encoded.length * width);
      encoded.forEach((row, r) =>
        row.forEach((id, c) => {
          ids[r * width + c] = BigInt(id);
          mask[r * width + c] = 1n;
        }),
      );
      const dims = [encoded.length, width];
      const output = (await session.run({ input_ids: new ort.Tensor("int64", ids, dims), attention_mask: new ort.Tensor("int64", mask, dims) })).last_hidden_state!;
      const data = output.data as Float32Array;
      for (let r = 0; r < encoded.length; r++) {
        const vector = new Float64Array(384);
        for (let t = 0; t < width; t++) {
          if (mask[r * width + t] === 0n) continue;
          for (let d = 0; d < 384; d++) vector[d]! += data[(r * width + t) * 384 + d]!;
        }
        const norm = Math.hypot(...vector);
        // Mean pooling then unit length: dividing by the count cancels out.
        vector.forEach((value, d) => (vector[d] = value / norm));
        vectors++;
      }
    }
    return vectors;
  };
  const flywheelEmbed = async (values: string[], batchSize: number): Promise<number> =>
    (await embedMany({ model: embedder.embeddingModel("embed"), values, maxParallelCalls: 1, providerOptions: { local: { batchSize } } })).embeddings.length;
  /** Texts per wall-clock second and per CPU-second. */
  const timeIt = async (work: () => Promise<number>): Promise<{ wall: number; cpu: number }> => {
    const started = performance.now();
    const startedCpu = cpuSeconds();
    const count = await work();
    return { wall: count / ((performance.now() - started) / 1000), cpu: count / (cpuSeconds() - startedCpu) };
  };
  await flywheelEmbed(texts.slice(0, 4), 4);
  await directEmbed(texts.slice(0, 4), 4);
  const embedRates = await interleave(EMBED_RUNS, {
    flywheel1: () => timeIt(() => flywheelEmbed(texts.slice(0, 48), 1)),
    direct1: () => timeIt(() => directEmbed(texts.slice(0, 48), 1)),
    flywheel32: () => timeIt(() => flywheelEmbed(texts, 32)),
    direct32: () => timeIt(() => directEmbed(texts, 32)),
  });
  const rssAfterEmbeddings = rss();
  await embedder.close();
  await session.release();

  // ---- report ----
  type Rate = { wall: number; cpu: number };
  /** Best and median of a rate over the runs (a rate: higher is better). */
  const statistics = { best: (values: number[]) => Math.max(...values), median: (values: number[]) => summarize(values).p50 };
  type Statistic = keyof typeof statistics;
  const chatRate = (samples: ChatSample[], rate: (sample: ChatSample) => number, statistic: Statistic) => statistics[statistic](samples.map(rate));
  const embedRate = (rates: Rate[], clock: keyof Rate, statistic: Statistic) => statistics[statistic](rates.map((rate) => rate[clock]));
  const promptRate = (sample: ChatSample) => sample.promptTokens / sample.firstTextSeconds;
  const generationRate = (sample: ChatSample) => (sample.outputTokens - 1) / sample.generationSeconds;
  // Tokens per CPU-second: the work each path costs, which other load on a shared machine
  // disturbs far less than wall-clock time.
  const promptCpuRate = (sample: ChatSample) => sample.promptTokens / sample.firstTextCpuSeconds;
  const generationCpuRate = (sample: ChatSample) => (sample.outputTokens - 1) / sample.generationCpuSeconds;
  const chatMeasures = { "prompt tok/s": promptRate, "gen tok/s": generationRate, "prompt tok/cpu-s": promptCpuRate, "gen tok/cpu-s": generationCpuRate };
  const embedMeasures = {
    "texts/s batch 1": ["1", "wall"],
    "texts/s batch 32": ["32", "wall"],
    "texts/cpu-s batch 1": ["1", "cpu"],
    "texts/cpu-s batch 32": ["32", "cpu"],
  } as const;
  const chatRow = (name: string, samples: ChatSample[], statistic: Statistic) => ({
    name: `${name} (${statistic} run)`,
    values: {
      ...Object.fromEntries(Object.entries(chatMeasures).map(([measure, rate]) => [measure, chatRate(samples, rate, statistic)])),
      "prompt tokens": samples[0]!.promptTokens,
      "output tokens": samples[0]!.outputTokens,
    },
  });
  const embedRow = (name: string, side: "flywheel" | "direct", statistic: Statistic) => ({
    name: `${name} (${statistic} run)`,
    values: Object.fromEntries(Object.entries(embedMeasures).map(([measure, [batch, clock]]) => [measure, embedRate(embedRates[`${side}${batch}`], clock, statistic)])),
  });
  const ratios: Record<string, number> = {};
  for (const statistic of ["median", "best"] as const) {
    for (const [measure, rate] of Object.entries(chatMeasures)) {
      ratios[`${measure} flywheel/direct, ${statistic}`] = chatRate(chatSamples.flywheel, rate, statistic) / chatRate(chatSamples.direct, rate, statistic);
    }
    for (const [measure, [batch, clock]] of Object.entries(embedMeasures)) {
      ratios[`embed ${measure} flywheel/direct, ${statistic}`] = embedRate(embedRates[`flywheel${batch}`], clock, statistic) / embedRate(embedRates[`direct${batch}`], clock, statistic);
    }
  }
  reportBench({
    benchmark: "local",
    setup: {
      chatModel: `${chatModel.alias} (${chatModel.mainFile})`,
      embeddingModel: `${embeddingModel.alias} (${embeddingModel.mainFile})`,
      threads,
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model,
      loadAverageAtStart: loadAtStart,
      chatRuns: CHAT_RUNS,
      embeddingRuns: EMBED_RUNS,
      maxOutputTokens: MAX_OUTPUT_TOKENS,
      statistic: "median and best of interleaved runs",
      rssMiB: { atStart: rssAtStart, afterChat: rssAfterChat, afterEmbeddings: rssAfterEmbeddings, peak: peakRssMiB() },
    },
    rows: [
      ...(["median", "best"] as const).flatMap((statistic) => [
        chatRow("chat: flywheel streamText", chatSamples.flywheel, statistic),
        chatRow("chat: node-llama-cpp direct", chatSamples.direct, statistic),
        embedRow("embed: flywheel embedMany", "flywheel", statistic),
        embedRow("embed: onnxruntime direct", "direct", statistic),
      ]),
      { name: "peak RSS MiB (whole run)", values: { "peak RSS MiB": peakRssMiB() } },
    ],
    ratios,
    targets: Object.keys(chatMeasures).map((measure) => {
      const value = ratios[`${measure} flywheel/direct, median`]!;
      return { name: `${measure} flywheel/direct, median run`, target: ">= 0.95", value, met: value >= 0.95 };
    }),
  });
}

/** Passages from msmarco-5k when `FLYWHEEL_DATASETS` holds it, else generated sentences. */
function benchmarkTexts(count: number): string[] {
  const folder = datasetFolder("msmarco-5k");
  if (folder !== undefined) {
    return readFileSync(path.join(folder, "corpus.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .slice(0, count)
      .map((line) => (JSON.parse(line) as { text: string }).text);
  }
  const words = ["river", "market", "engine", "garden", "signal", "harbor", "ledger", "planet", "window", "forest"];
  return Array.from({ length: count }, (_, index) =>
    Array.from({ length: 20 + (index % 40) }, (_, position) => words[(index * 7 + position * 3) % words.length]).join(" "),
  );
}
