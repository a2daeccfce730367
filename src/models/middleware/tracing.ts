import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4GenerateResult,
  LanguageModelV4Middleware,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Attributes, Span, Tracer } from "@opentelemetry/api";
import { FlywheelAttributes, GenAi, recordSpanError } from "../../traces/index.js";
import { costOf } from "../catalog/index.js";
import type { ModelInfo } from "../catalog/index.js";
import { contentToTraceMessage, promptToTraceMessages } from "./prompt-to-messages.js";
import { transformWithCancel } from "./transform-with-cancel.js";

/** Options for `tracingMiddleware`. */
export interface TracingMiddlewareOptions {
  tracer: Tracer;
  /** Catalog facts: price for cost, provider name for `GenAi.system`. */
  info: ModelInfo;
  /** The provider's own model name (`GenAi.requestModel`). */
  providerModel: string;
  /** Keep prompts and outputs in the span. */
  captureContent: boolean;
}

/**
 * Makes every model call a span (`chat <model>`) with the GenAI semantic-convention
 * attributes, token usage, cost, time to first token and the outcome. The span is
 * active while the call runs, so retries add events to it.
 */
export function tracingMiddleware(options: TracingMiddlewareOptions): LanguageModelV4Middleware {
  return {
    specificationVersion: "v4",
    async wrapGenerate({ doGenerate, params }) {
      const span = startModelSpan(options, params);
      try {
        const result = await context.with(trace.setSpan(context.active(), span), doGenerate);
        finishSpan(span, options, { content: result.content, usage: result.usage, finishReason: result.finishReason, result });
        return result;
      } catch (error) {
        recordSpanError(span, error);
        span.end();
        throw error;
      }
    },
    async wrapStream({ doStream, params }) {
      const span = startModelSpan(options, params);
      const started = performance.now();
      let result;
      try {
        result = await context.with(trace.setSpan(context.active(), span), doStream);
      } catch (error) {
        recordSpanError(span, error);
        span.end();
        throw error;
      }
      return { ...result, stream: result.stream.pipeThrough(observeStream(span, options, started, params.abortSignal)) };
    },
  };
}

function startModelSpan(options: TracingMiddlewareOptions, params: LanguageModelV4CallOptions): Span {
  const { info } = options;
  const attributes: Attributes = {
    [FlywheelAttributes.spanKind]: "model",
    [FlywheelAttributes.modelId]: info.id,
    [GenAi.operationName]: "chat",
    [GenAi.system]: info.provider,
    [GenAi.providerName]: info.provider,
    [GenAi.requestModel]: options.providerModel,
  };
  setIfDefined(attributes, GenAi.requestTemperature, params.temperature);
  setIfDefined(attributes, GenAi.requestTopP, params.topP);
  setIfDefined(attributes, GenAi.requestMaxTokens, params.maxOutputTokens);
  setIfDefined(attributes, GenAi.requestSeed, params.seed);
  if (params.stopSequences !== undefined && params.stopSequences.length > 0) attributes[GenAi.requestStopSequences] = params.stopSequences;
  if (params.tools !== undefined && params.tools.length > 0) {
    attributes[GenAi.toolDefinitions] = JSON.stringify(params.tools.map((tool) => ({ type: tool.type, name: tool.name })));
  }
  if (options.captureContent) {
    const { system, messages } = promptToTraceMessages(params.prompt);
    if (system !== undefined) attributes[GenAi.systemInstructions] = JSON.stringify([{ type: "text", content: system }]);
    attributes[GenAi.inputMessages] = JSON.stringify(messages);
  }
  return options.tracer.startSpan(`chat ${options.providerModel}`, { attributes });
}

interface Outcome {
  content: LanguageModelV4Content[];
  usage: LanguageModelV4Usage | undefined;
  finishReason: LanguageModelV4FinishReason | undefined;
  result?: Pick<LanguageModelV4GenerateResult, "response" | "providerMetadata">;
  cacheHit?: boolean;
}

function finishSpan(span: Span, options: TracingMiddlewareOptions, outcome: Outcome): void {
  const inputTokens = outcome.usage?.inputTokens.total;
  const outputTokens = outcome.usage?.outputTokens.total;
  const cacheHit = outcome.cacheHit ?? outcome.result?.providerMetadata?.flywheel?.cacheHit === true;
  setIfDefined(span, GenAi.usageInputTokens, inputTokens);
  setIfDefined(span, GenAi.usageOutputTokens, outputTokens);
  setIfDefined(span, GenAi.responseId, outcome.result?.response?.id);
  setIfDefined(span, GenAi.responseModel, outcome.result?.response?.modelId);
  if (outcome.finishReason !== undefined) span.setAttribute(GenAi.responseFinishReasons, [outcome.finishReason.unified]);
  const cost = cacheHit ? 0 : costOf(options.info, { inputTokens, outputTokens });
  setIfDefined(span, FlywheelAttributes.costUsd, cost);
  span.setAttribute(FlywheelAttributes.cacheHit, cacheHit);
  if (options.captureContent) {
    span.setAttribute(GenAi.outputMessages, JSON.stringify([contentToTraceMessage(outcome.content, outcome.finishReason?.unified)]));
  }
  span.setStatus({ code: SpanStatusCode.OK });
  span.end();
}

function observeStream(
  span: Span,
  options: TracingMiddlewareOptions,
  started: number,
  signal: AbortSignal | undefined,
): TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart> {
  let text = "";
  const toolCalls: LanguageModelV4Content[] = [];
  let usage: LanguageModelV4Usage | undefined;
  let finishReason: LanguageModelV4FinishReason | undefined;
  let cacheHit = false;
  let firstChunk = true;
  let ended = false;
  let error: unknown;
  const end = (cancelled: boolean) => {
    if (ended) return;
    ended = true;
    signal?.removeEventListener("abort", onAbort);
    const content: LanguageModelV4Content[] = [...(text === "" ? [] : [{ type: "text" as const, text }]), ...toolCalls];
    if (cancelled || error !== undefined) {
      setIfDefined(span, GenAi.usageOutputTokens, usage?.outputTokens.total);
      if (options.captureContent && content.length > 0) {
        span.setAttribute(GenAi.outputMessages, JSON.stringify([contentToTraceMessage(content)]));
      }
      recordSpanError(span, cancelled ? Object.assign(new Error("cancelled"), { name: "AbortError" }) : error);
      span.end();
      return;
    }
    finishSpan(span, options, { content, usage, finishReason, cacheHit });
  };
  const onAbort = () => end(true);
  signal?.addEventListener("abort", onAbort, { once: true });
  return transformWithCancel({
    transform(part, controller) {
      if (firstChunk && (part.type === "text-delta" || part.type === "tool-call" || part.type === "reasoning-delta")) {
        firstChunk = false;
        span.setAttribute(FlywheelAttributes.timeToFirstTokenMs, performance.now() - started);
      }
      if (part.type === "text-delta") text += part.delta;
      else if (part.type === "tool-call") toolCalls.push(part);
      else if (part.type === "error") error ??= part.error;
      else if (part.type === "finish") {
        usage = part.usage;
        finishReason = part.finishReason;
        cacheHit = part.providerMetadata?.flywheel?.cacheHit === true;
      }
      controller.enqueue(part);
    },
    flush() {
      end(false);
    },
    cancel() {
      end(true);
    },
  });
}

function setIfDefined(target: Attributes | Span, key: string, value: string | number | undefined): void {
  if (value === undefined) return;
  if ("setAttribute" in target && typeof target.setAttribute === "function") (target as Span).setAttribute(key, value);
  else (target as Attributes)[key] = value;
}
