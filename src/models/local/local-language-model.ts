import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4FunctionTool,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
  SharedV4Warning,
} from "@ai-sdk/provider";
import type { ChatHistoryItem, LLamaChatGenerateResponseOptions, LlamaChatResponse } from "node-llama-cpp";
import { fitContext } from "./fit-context.js";
import type { LlamaRuntime } from "./llama-runtime.js";
import { toGrammarSchema } from "./grammar-schema.js";
import { promptToHistory } from "./prompt-to-history.js";
import { localChatOptionsSchema, readLocalOptions } from "./provider-options.js";
import { buildToolProtocol, finalAnswerAction, parseToolReply } from "./tool-protocol.js";

/** Output tokens kept free when no maxOutputTokens is given and the prompt must be truncated. */
const DEFAULT_RESERVE = 256;

/** Output tokens of one tool-protocol action when no maxOutputTokens is given: a model that loops inside a string stops here. */
const ACTION_MAX_TOKENS = 512;

/** A call, checked and ready to run. */
interface PreparedCall {
  history: ChatHistoryItem[];
  inputTokens: number;
  truncated: boolean;
  usesToolProtocol: boolean;
  warnings: SharedV4Warning[];
  generateOptions: LLamaChatGenerateResponseOptions;
}

/** What a finished generation produced. */
interface GenerationOutcome {
  text: string;
  outputTokens: number;
  stopReason: LlamaChatResponse["metadata"]["stopReason"];
}

/**
 * An AI SDK language model over a GGUF chat model run in-process by node-llama-cpp: the
 * GGUF's own chat template, streaming, stop sequences, sampling settings with a seed,
 * JSON-schema grammars for structured output and for tool calls, and a clear error when the
 * prompt does not fit the context. The runtime is loaded on the first call and shared.
 */
export class LocalLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = "local";
  readonly supportedUrls = {};

  constructor(
    readonly modelId: string,
    private readonly runtime: () => Promise<LlamaRuntime>,
  ) {}

  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const runtime = await this.runtime();
    const call = await this.prepare(runtime, options);
    const outcome = await this.generate(runtime, call, options.abortSignal, undefined);
    if (outcome.stopReason === "abort") throw options.abortSignal?.reason ?? new DOMException("The operation was aborted", "AbortError");
    const content: LanguageModelV4Content[] = call.usesToolProtocol
      ? parseToolReply(outcome.text)
      : outcome.text === ""
        ? []
        : [{ type: "text", text: outcome.text }];
    return {
      content,
      finishReason: finishReason(outcome.stopReason, content),
      usage: usage(call.inputTokens, outcome.outputTokens),
      providerMetadata: { local: { contextSize: runtime.contextSize, truncated: call.truncated, stopReason: outcome.stopReason } },
      request: { body: { history: call.history } },
      response: { modelId: this.modelId, timestamp: new Date() },
      warnings: call.warnings,
    };
  }

  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const runtime = await this.runtime();
    const call = await this.prepare(runtime, options);
    const cancel = new AbortController();
    const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, cancel.signal]) : cancel.signal;
    // Set once the reader cancels (an abort in streamText does): nothing may be enqueued after that.
    let cancelled = false;
    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start: (controller) => {
        const emit = (part: LanguageModelV4StreamPart) => {
          if (!cancelled) controller.enqueue(part);
        };
        emit({ type: "stream-start", warnings: call.warnings });
        emit({ type: "response-metadata", modelId: this.modelId, timestamp: new Date() });
        let textStarted = false;
        const onText = (delta: string) => {
          if (!textStarted) emit({ type: "text-start", id: "0" });
          textStarted = true;
          emit({ type: "text-delta", id: "0", delta });
        };
        void this.generate(runtime, call, signal, call.usesToolProtocol ? undefined : onText).then(
          (outcome) => {
            let content: LanguageModelV4Content[] = [];
            if (call.usesToolProtocol) {
              content = parseToolReply(outcome.text);
              for (const part of content) {
                if (part.type === "text") onText(part.text);
                else if (part.type === "tool-call") emit(part);
              }
            }
            if (textStarted) emit({ type: "text-end", id: "0" });
            emit({
              type: "finish",
              finishReason: finishReason(outcome.stopReason, content),
              usage: usage(call.inputTokens, outcome.outputTokens),
              providerMetadata: { local: { contextSize: runtime.contextSize, truncated: call.truncated, stopReason: outcome.stopReason } },
            });
            if (!cancelled) controller.close();
          },
          (error: unknown) => {
            emit({ type: "error", error });
            if (!cancelled) controller.close();
          },
        );
      },
      cancel: () => {
        cancelled = true;
        cancel.abort();
      },
    });
    return { stream, request: { body: { history: call.history } } };
  }

  /** Builds the chat history, the grammar and the sampling settings, and checks the context. */
  private async prepare(runtime: LlamaRuntime, options: LanguageModelV4CallOptions): Promise<PreparedCall> {
    const local = readLocalOptions(localChatOptionsSchema, options.providerOptions);
    const warnings: SharedV4Warning[] = [];
    const tools = (options.tools ?? []).filter((tool): tool is LanguageModelV4FunctionTool => {
      if (tool.type !== "function") warnings.push({ type: "unsupported", feature: `provider tool ${tool.name}` });
      // The name is the protocol's answer action: a call to it could not be told from an answer.
      else if (tool.name === finalAnswerAction) warnings.push({ type: "unsupported", feature: `a tool named ${finalAnswerAction}` });
      else return true;
      return false;
    });
    const protocol = buildToolProtocol(tools, options.toolChoice);
    if (options.reasoning !== undefined && options.reasoning !== "provider-default" && options.reasoning !== "none") {
      warnings.push({ type: "unsupported", feature: "reasoning" });
    }
    const jsonFormat = options.responseFormat?.type === "json" ? options.responseFormat : undefined;
    if (protocol && jsonFormat) warnings.push({ type: "other", message: "responseFormat is ignored while tools may be called" });
    const grammar = protocol
      ? await runtime.grammarFor(protocol.schema)
      : jsonFormat
        ? await runtime.grammarFor(jsonFormat.schema === undefined ? undefined : (toGrammarSchema(jsonFormat.schema) as object))
        : undefined;

    const reserve = Math.min(options.maxOutputTokens ?? DEFAULT_RESERVE, Math.floor(runtime.contextSize / 2));
    const fit = fitContext({
      modelId: `local:${this.modelId}`,
      history: promptToHistory(options.prompt, protocol),
      contextSize: runtime.contextSize,
      reserve: Math.max(1, reserve),
      truncate: local.truncate === true,
      countTokens: (history) => runtime.countPromptTokens(history),
      tokenizer: runtime.model.tokenizer,
      detokenize: (tokens) => runtime.model.detokenize(tokens),
    });
    const room = runtime.contextSize - fit.inputTokens;
    if (options.maxOutputTokens !== undefined && options.maxOutputTokens > room) {
      warnings.push({ type: "other", message: `maxOutputTokens lowered to ${room}, the room left in the context` });
    }
    const penalties = {
      ...(local.repeatPenalty !== undefined ? { penalty: local.repeatPenalty } : {}),
      ...(options.frequencyPenalty !== undefined ? { frequencyPenalty: options.frequencyPenalty } : {}),
      ...(options.presencePenalty !== undefined ? { presencePenalty: options.presencePenalty } : {}),
    };
    const generateOptions: LLamaChatGenerateResponseOptions = {
      maxTokens: Math.min(options.maxOutputTokens ?? (protocol ? ACTION_MAX_TOKENS : room), room),
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      ...(options.topP !== undefined ? { topP: options.topP } : {}),
      ...(options.topK !== undefined ? { topK: options.topK } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(local.minP !== undefined ? { minP: local.minP } : {}),
      ...(Object.keys(penalties).length > 0 ? { repeatPenalty: penalties } : {}),
      ...(options.stopSequences && options.stopSequences.length > 0 ? { customStopTriggers: options.stopSequences } : {}),
      ...(grammar ? { grammar } : {}),
    };
    return { history: fit.history, inputTokens: fit.inputTokens, truncated: fit.truncated, usesToolProtocol: protocol !== undefined, warnings, generateOptions };
  }

  /** Runs one generation on a borrowed sequence; an abort stops it and keeps the text so far. */
  private async generate(
    runtime: LlamaRuntime,
    call: PreparedCall,
    signal: AbortSignal | undefined,
    onText: ((delta: string) => void) | undefined,
  ): Promise<GenerationOutcome> {
    let outputTokens = 0;
    const response = await runtime.withChat((chat) =>
      chat.generateResponse(call.history, {
        ...call.generateOptions,
        ...(signal ? { signal, stopOnAbortSignal: true } : {}),
        ...(onText ? { onTextChunk: onText } : {}),
        onToken: (tokens) => (outputTokens += tokens.length),
      }),
    );
    return { text: response.response, outputTokens, stopReason: response.metadata.stopReason };
  }
}

function finishReason(stopReason: GenerationOutcome["stopReason"], content: LanguageModelV4Content[]): LanguageModelV4FinishReason {
  if (content.some((part) => part.type === "tool-call")) return { unified: "tool-calls", raw: stopReason };
  switch (stopReason) {
    case "maxTokens":
      return { unified: "length", raw: stopReason };
    case "abort":
      return { unified: "other", raw: stopReason };
    case "functionCalls":
      return { unified: "tool-calls", raw: stopReason };
    default:
      return { unified: "stop", raw: stopReason };
  }
}

function usage(inputTokens: number, outputTokens: number): LanguageModelV4Usage {
  return {
    inputTokens: { total: inputTokens, noCache: inputTokens, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
    raw: { inputTokens, outputTokens },
  };
}
