import type { Span } from "@opentelemetry/api";
import type { LanguageModel, ModelMessage } from "ai";
import { CancelledError, UsageError } from "../errors/index.js";
import { costOf } from "../models/index.js";
import type { Flywheel } from "../runtime/index.js";
import { FlywheelAttributes, withSpan, withTraceLabels } from "../traces/index.js";
import { loadPromptFile, renderPromptFile } from "./prompt-file.js";
import { promptTraceLabels, recordPromptVersion } from "./prompt-version-labels.js";
import type { PromptFile } from "./prompt-file.js";

/** Options for `runPrompt`. */
export interface RunPromptOptions {
  /** Model id; the configured default when omitted. */
  model?: string;
  /** The user's message (or use `messages` for a conversation). */
  prompt?: string;
  /** A whole conversation, for multi-turn chat. */
  messages?: ModelMessage[];
  /** System message. */
  system?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  seed?: number;
  stopSequences?: string[];
  /** Called with each piece of text as it streams in. */
  onText?: (delta: string) => void;
  /** Cancels the call; the text received so far is kept in the result and the trace. */
  abortSignal?: AbortSignal;
  /** Name of the root span (default `run`). */
  spanName?: string;
  /**
   * A prompt file (its path, or one parsed with `loadPromptFile`) to run instead of `prompt`:
   * its templates rendered with `vars` give the system and user messages, its front matter
   * the model and parameters (options given here win). The trace carries its name and path.
   */
  promptFile?: string | PromptFile;
  /** Values for the prompt file's `{{variables}}`. */
  vars?: Record<string, unknown>;
  /**
   * A prompt file the caller rendered itself (a chat turn on its system message, an experiment
   * variant): the trace is labelled with its name and version, and nothing of it is rendered.
   */
  versionOf?: PromptFile;
  /** Tags for the trace, to select it later (`datasets create --tag`): one word each. */
  tags?: string[];
  /** The prompt's name on the trace, to select it later (`datasets create --prompt`); default: the prompt file's name. */
  promptName?: string;
  /** Shared by the turns of one conversation, so they stay together in dataset splits. */
  conversationId?: string;
}

/** What a prompt run produced. */
export interface RunPromptResult {
  model: string;
  text: string;
  usage: { inputTokens: number | undefined; outputTokens: number | undefined };
  /** US dollars, when the catalog knows the price. */
  costUsd: number | undefined;
  finishReason: string;
  traceId: string;
  /** The run's root span, which online check results attach to. */
  spanId: string;
  /** The prompt file's version (content hash), when a prompt file was run. */
  promptHash?: string;
  latencyMs: number;
  timeToFirstTokenMs: number | undefined;
}

/**
 * Sends one prompt, conversation or prompt file to a model, streaming the reply through
 * `onText`, inside a traced `run` span labelled with its tags, prompt name and conversation.
 * Retries and timeouts happen once, in the model layer.
 */
export async function runPrompt(flywheel: Flywheel, given: RunPromptOptions): Promise<RunPromptResult> {
  const rendered = typeof given.promptFile === "string" ? await loadPromptFile(given.promptFile) : given.promptFile;
  const options = rendered === undefined ? given : withPromptFile(rendered, given);
  const file = rendered ?? given.versionOf;
  const modelId = options.model ?? flywheel.config.defaultModel;
  const model = flywheel.model(modelId);
  if (file !== undefined) {
    // The version's text is kept for `prompts show` and `prompts diff`; a store that cannot take
    // it now gets it on a later call, and this call goes on.
    await recordPromptVersion(flywheel.store, file).catch(() => undefined);
  }
  const labels = { tags: options.tags, ...(file === undefined ? {} : promptTraceLabels(file)), ...(options.promptName === undefined ? {} : { promptName: options.promptName }), conversationId: options.conversationId };
  const attributes = { [FlywheelAttributes.modelId]: modelId, [FlywheelAttributes.input]: options.prompt ?? lastUserText(options.messages) };
  const result = await withTraceLabels(labels, () => withSpan(flywheel.tracing.tracer, options.spanName ?? "run", { kind: "run", attributes }, (span) => streamReply(flywheel, options, { modelId, model }, span)));
  if (file === undefined) return result;
  flywheel.checks.schedule({
    traceId: result.traceId,
    spanId: result.spanId,
    prompt: { name: file.name, hash: file.hash, file: file.file, checks: file.checks },
    vars: options.vars ?? {},
    input: options.prompt ?? lastUserText(options.messages),
    output: result.text,
    latencyMs: result.latencyMs,
    costUsd: result.costUsd,
  });
  return { ...result, promptHash: file.hash };
}

async function streamReply(flywheel: Flywheel, options: RunPromptOptions, { modelId, model }: { modelId: string; model: LanguageModel }, span: Span): Promise<RunPromptResult> {
  // The AI SDK loads with the first prompt run (before the clock starts), not with every module that imports this one.
  const { streamText } = await import("ai");
  const started = performance.now();
  let text = "";
  let firstToken: number | undefined;
  let failure: unknown;
  const input = options.messages !== undefined ? { messages: options.messages } : { prompt: options.prompt ?? "" };
  const result = streamText({
    model,
    ...input,
    system: options.system,
    temperature: options.temperature,
    maxOutputTokens: options.maxTokens,
    topP: options.topP,
    seed: options.seed,
    stopSequences: options.stopSequences,
    abortSignal: options.abortSignal,
    maxRetries: 0,
    onError: () => undefined,
  });
  try {
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") {
        firstToken ??= performance.now() - started;
        text += part.text;
        options.onText?.(part.text);
      } else if (part.type === "error") {
        failure = part.error;
        break;
      } else if (part.type === "abort") {
        failure = new CancelledError("the run");
        break;
      }
    }
  } catch (error) {
    failure = error;
  }
  span.setAttribute(FlywheelAttributes.output, text);
  if (options.abortSignal?.aborted) throw new CancelledError("the run");
  if (failure !== undefined) throw failure;
  const usage = await result.totalUsage;
  const finishReason = await result.finishReason;
  return {
    model: modelId,
    text,
    usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens },
    costUsd: costOf(flywheel.models.info(modelId), usage),
    finishReason,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    latencyMs: performance.now() - started,
    timeToFirstTokenMs: firstToken,
  };
}

/** The options with the prompt file's rendered messages, model and parameters filled in where not given. */
function withPromptFile(file: PromptFile, options: RunPromptOptions): RunPromptOptions {
  if (options.prompt !== undefined || options.messages !== undefined) {
    throw new UsageError(`both a prompt file (${file.name}) and a prompt were given`, "pass the text as one of the prompt file's variables instead");
  }
  const rendered = renderPromptFile(file, options.vars ?? {});
  const { parameters } = file;
  return {
    ...options,
    prompt: rendered.prompt,
    system: options.system ?? rendered.system,
    model: options.model ?? file.model,
    temperature: options.temperature ?? parameters.temperature,
    maxTokens: options.maxTokens ?? parameters.maxTokens,
    topP: options.topP ?? parameters.topP,
    seed: options.seed ?? parameters.seed,
    stopSequences: options.stopSequences ?? parameters.stopSequences,
  };
}

function lastUserText(messages: ModelMessage[] | undefined): string | undefined {
  const last = messages?.filter((message) => message.role === "user").at(-1);
  if (last === undefined) return undefined;
  return typeof last.content === "string" ? last.content : last.content.map((part) => ("text" in part ? part.text : "")).join("");
}
