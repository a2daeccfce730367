// The two sides of the speed comparison: one streamed answer through Flywheel's local provider
// (AI SDK streamText) and the same answer from node-llama-cpp used directly on the same GGUF,
// with the same threads, context size, chat template and prompt.
import type { ChatHistoryItem } from "node-llama-cpp";
import { streamText } from "ai";
import { createLocalProvider } from "../../src/models/local/index.js";
import { resolveModel } from "../../src/models/model-store/index.js";
import { cpuSeconds } from "../support/chat-sample.js";
import type { ChatSample } from "../support/chat-sample.js";

/** Output tokens of one timed answer. */
export const MAX_OUTPUT_TOKENS = 64;

/** What both sides run with. */
export interface ChatSideSettings {
  /** Flywheel's home (models under `<home>/models`). */
  home: string;
  /** Local model alias (`tiny`, `qwen2.5-coder-1.5b`, ...). */
  alias: string;
  threads: number;
  contextSize: number;
}

/** A loaded side: answers the benchmark prompt once per call. */
export interface ChatSide {
  /** `runIndex` changes the first line, so no run reuses another's evaluated prefix. */
  answer(runIndex: number): Promise<ChatSample>;
  close(): Promise<void>;
}

const system = "You are a helpful assistant who writes long, detailed answers.";
const question = `Here are some notes.\n${"The river runs through the old town, past the market and the mill. ".repeat(20)}\nWrite a long story about the river.`;
const systemFor = (runIndex: number) => `Run ${runIndex}. ${system}`;

/** Times an answer whose text arrives through `generate`, which calls `onText` on each piece. */
async function timeAnswer(generate: (onText: () => void) => Promise<{ promptTokens: number; outputTokens: number }>): Promise<ChatSample> {
  const started = performance.now();
  const startedCpu = cpuSeconds();
  let firstText = 0;
  let firstTextCpu = 0;
  const counts = await generate(() => {
    if (firstText !== 0) return;
    firstText = performance.now();
    firstTextCpu = cpuSeconds();
  });
  const ended = performance.now();
  const endedCpu = cpuSeconds();
  return {
    ...counts,
    firstTextSeconds: (firstText - started) / 1000,
    generationSeconds: (ended - firstText) / 1000,
    firstTextCpuSeconds: firstTextCpu - startedCpu,
    generationCpuSeconds: endedCpu - firstTextCpu,
  };
}

/** Flywheel's local provider, as `flywheel run --model local:<alias>` uses it. */
export async function openFlywheelSide(settings: ChatSideSettings): Promise<ChatSide> {
  const provider = createLocalProvider({ home: settings.home, threads: settings.threads, contextSize: settings.contextSize, parallelSequences: 1, autoPull: false });
  const model = provider(settings.alias);
  return {
    answer: (runIndex) =>
      timeAnswer(async (onText) => {
        const result = streamText({ model, system: systemFor(runIndex), prompt: question, maxOutputTokens: MAX_OUTPUT_TOKENS, temperature: 0, seed: 7 });
        for await (const part of result.fullStream) {
          if (part.type === "text-delta") onText();
          if (part.type === "error") throw part.error;
        }
        const usage = await result.usage;
        return { promptTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 };
      }),
    close: () => provider.close(),
  };
}

/** node-llama-cpp on the same GGUF with the GGUF's own chat template, as Flywheel's runtime loads it. */
export async function openDirectSide(settings: ChatSideSettings): Promise<ChatSide> {
  const pulled = await resolveModel(settings.home, settings.alias, { autoPull: false });
  const { getLlama, JinjaTemplateChatWrapper, LlamaChat, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, build: "never", maxThreads: settings.threads, logLevel: LlamaLogLevel.error, progressLogs: false });
  const model = await llama.loadModel({ modelPath: pulled.mainPath });
  const context = await model.createContext({ contextSize: Math.min(settings.contextSize, model.trainContextSize), sequences: 1, threads: settings.threads });
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  const chat = new LlamaChat({
    contextSequence: context.getSequence(),
    autoDisposeSequence: false,
    chatWrapper: typeof template === "string" && template !== "" ? new JinjaTemplateChatWrapper({ template }) : "auto",
  });
  return {
    answer: (runIndex) =>
      timeAnswer(async (onText) => {
        const history: ChatHistoryItem[] = [{ type: "system", text: systemFor(runIndex) }, { type: "user", text: question }, { type: "model", response: [] }];
        const promptTokens = chat.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer).length;
        let outputTokens = 0;
        await chat.generateResponse(history, { maxTokens: MAX_OUTPUT_TOKENS, temperature: 0, seed: 7, onTextChunk: onText, onToken: (tokens) => (outputTokens += tokens.length) });
        return { promptTokens, outputTokens };
      }),
    close: async () => {
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}
