import { createHash } from "node:crypto";
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4Middleware,
  LanguageModelV4StreamPart,
} from "@ai-sdk/provider";
import type { CacheStore } from "../../store/index.js";

/** Options for `cacheMiddleware`. */
export interface CacheMiddlewareOptions {
  store: CacheStore;
  /** Model id that is part of the key. */
  modelId: string;
  /** Cache every call unless a call opts out (`providerOptions.flywheel.cache: false`). */
  enabledByDefault: boolean;
  /** Entries older than this are ignored. */
  ttlSeconds?: number;
}

interface CachedGenerate {
  content: LanguageModelV4GenerateResult["content"];
  finishReason: LanguageModelV4GenerateResult["finishReason"];
  usage: LanguageModelV4GenerateResult["usage"];
  response?: { id?: string; modelId?: string };
}

/**
 * Serves repeated identical calls from the store. The key hashes the model id, the
 * prompt and every parameter that changes the output. Streams are recorded part by part
 * and replayed; failed or cut-off calls are never cached. Hits carry
 * `providerMetadata.flywheel.cacheHit = true`.
 */
export function cacheMiddleware(options: CacheMiddlewareOptions): LanguageModelV4Middleware {
  const maxAgeMs = options.ttlSeconds === undefined ? undefined : options.ttlSeconds * 1000;
  return {
    specificationVersion: "v4",
    async wrapGenerate({ doGenerate, params }) {
      if (!isEnabled(options, params)) return doGenerate();
      const key = cacheKey(options.modelId, "generate", params);
      const cached = (await options.store.get(key, { maxAgeMs })) as CachedGenerate | undefined;
      if (cached !== undefined) {
        return { ...cached, warnings: [], providerMetadata: { flywheel: { cacheHit: true } } };
      }
      const result = await doGenerate();
      if (result.finishReason.unified !== "error") {
        const value: CachedGenerate = {
          content: result.content,
          finishReason: result.finishReason,
          usage: result.usage,
          response: { id: result.response?.id, modelId: result.response?.modelId },
        };
        await options.store.set({ key, model: options.modelId, mode: "generate", value });
      }
      return result;
    },
    async wrapStream({ doStream, params }) {
      if (!isEnabled(options, params)) return doStream();
      const key = cacheKey(options.modelId, "stream", params);
      const cached = (await options.store.get(key, { maxAgeMs })) as LanguageModelV4StreamPart[] | undefined;
      if (cached !== undefined) return { stream: replay(cached) };
      const result = await doStream();
      const parts: LanguageModelV4StreamPart[] = [];
      let failed = false;
      const record = new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
        transform(part, controller) {
          if (part.type === "error" || (part.type === "finish" && part.finishReason.unified === "error")) failed = true;
          if (part.type !== "raw") parts.push(part);
          controller.enqueue(part);
        },
        async flush() {
          if (!failed && parts.some((part) => part.type === "finish")) {
            await options.store.set({ key, model: options.modelId, mode: "stream", value: parts });
          }
        },
      });
      return { ...result, stream: result.stream.pipeThrough(record) };
    },
  };
}

function isEnabled(options: CacheMiddlewareOptions, params: LanguageModelV4CallOptions): boolean {
  const flag = params.providerOptions?.flywheel?.cache;
  return typeof flag === "boolean" ? flag : options.enabledByDefault;
}

function replay(parts: LanguageModelV4StreamPart[]): ReadableStream<LanguageModelV4StreamPart> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) {
        if (part.type === "finish") {
          controller.enqueue({ ...part, providerMetadata: { ...part.providerMetadata, flywheel: { cacheHit: true } } });
        } else if (part.type === "response-metadata" && typeof part.timestamp === "string") {
          controller.enqueue({ ...part, timestamp: new Date(part.timestamp) });
        } else {
          controller.enqueue(part);
        }
      }
      controller.close();
    },
  });
}

/** The cache key of a call: a SHA-256 over the model id, the mode and every output-shaping parameter. */
export function cacheKey(modelId: string, mode: "generate" | "stream", params: LanguageModelV4CallOptions): string {
  const { flywheel: _ignored, ...providerOptions } = params.providerOptions ?? {};
  const keyed = {
    modelId,
    mode,
    prompt: params.prompt,
    maxOutputTokens: params.maxOutputTokens,
    temperature: params.temperature,
    stopSequences: params.stopSequences,
    topP: params.topP,
    topK: params.topK,
    presencePenalty: params.presencePenalty,
    frequencyPenalty: params.frequencyPenalty,
    responseFormat: params.responseFormat,
    seed: params.seed,
    tools: params.tools,
    toolChoice: params.toolChoice,
    reasoning: params.reasoning,
    providerOptions,
  };
  return createHash("sha256").update(stableStringify(keyed)).digest("hex");
}

function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Uint8Array) return Buffer.from(item).toString("base64");
    if (item !== null && typeof item === "object" && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return item;
  });
}
