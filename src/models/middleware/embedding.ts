import type { EmbeddingModelV4Middleware } from "@ai-sdk/provider";
import { SpanStatusCode } from "@opentelemetry/api";
import type { Tracer } from "@opentelemetry/api";
import { FlywheelAttributes, GenAi, recordSpanError } from "../../traces/index.js";
import { costOf } from "../catalog/index.js";
import type { ModelInfo } from "../catalog/index.js";
import { callWithRetries } from "../retry.js";
import type { RetryPolicy } from "../retry.js";

/** Options for `embeddingMiddleware`. */
export interface EmbeddingMiddlewareOptions {
  tracer: Tracer;
  info: ModelInfo;
  /** The provider's own model name. */
  providerModel: string;
  /** Retry policy for hosted models; omit for in-process models. */
  retry?: RetryPolicy & { baseURL?: string };
}

/** Traces every embedding call (`embeddings <model>`, tokens, cost) and retries hosted ones. */
export function embeddingMiddleware(options: EmbeddingMiddlewareOptions): EmbeddingModelV4Middleware {
  const { info } = options;
  return {
    specificationVersion: "v4",
    async wrapEmbed({ doEmbed, params, model }) {
      const span = options.tracer.startSpan(`embeddings ${options.providerModel}`, {
        attributes: {
          [FlywheelAttributes.spanKind]: "embedding",
          [FlywheelAttributes.modelId]: info.id,
          [GenAi.operationName]: "embeddings",
          [GenAi.system]: info.provider,
          [GenAi.providerName]: info.provider,
          [GenAi.requestModel]: options.providerModel,
          [FlywheelAttributes.embeddingInputs]: params.values.length,
        },
      });
      try {
        const result =
          options.retry === undefined
            ? await doEmbed()
            : await callWithRetries(
                options.retry,
                { modelId: info.id, provider: info.provider, baseURL: options.retry.baseURL, info },
                params.abortSignal,
                (signal) => model.doEmbed({ ...params, abortSignal: signal }),
              ).then((attempt) => {
                attempt.release();
                return attempt.result;
              });
        const tokens = result.usage?.tokens;
        if (tokens !== undefined) span.setAttribute(GenAi.usageInputTokens, tokens);
        const cost = costOf(info, { inputTokens: tokens, outputTokens: 0 });
        if (cost !== undefined) span.setAttribute(FlywheelAttributes.costUsd, cost);
        span.setStatus({ code: SpanStatusCode.OK });
        return result;
      } catch (error) {
        recordSpanError(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  };
}
