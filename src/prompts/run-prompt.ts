import type { ModelMessage } from "ai";
import { CancelledError } from "../errors/index.js";
import { costOf } from "../models/index.js";
import type { Flywheel } from "../runtime/index.js";
import { FlywheelAttributes, withSpan } from "../traces/index.js";

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
  latencyMs: number;
  timeToFirstTokenMs: number | undefined;
}

/**
 * Sends one prompt (or conversation) to a model, streaming the reply through `onText`,
 * inside a traced `run` span. Retries and timeouts happen once, in the model layer.
 */
export async function runPrompt(flywheel: Flywheel, options: RunPromptOptions): Promise<RunPromptResult> {
  const modelId = options.model ?? flywheel.config.defaultModel;
  const model = flywheel.model(modelId);
  // The AI SDK loads with the first prompt run (before the clock starts), not with every module that imports this one.
  const { streamText } = await import("ai");
  const started = performance.now();
  return withSpan(
    flywheel.tracing.tracer,
    options.spanName ?? "run",
    { kind: "run", attributes: { [FlywheelAttributes.modelId]: modelId, [FlywheelAttributes.input]: options.prompt ?? lastUserText(options.messages) } },
    async (span) => {
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
        latencyMs: performance.now() - started,
        timeToFirstTokenMs: firstToken,
      };
    },
  );
}

function lastUserText(messages: ModelMessage[] | undefined): string | undefined {
  const last = messages?.filter((message) => message.role === "user").at(-1);
  if (last === undefined) return undefined;
  return typeof last.content === "string" ? last.content : last.content.map((part) => ("text" in part ? part.text : "")).join("");
}
