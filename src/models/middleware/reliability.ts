import type { LanguageModelV4Middleware, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import { TimeoutError } from "../../errors/index.js";
import { mapProviderError } from "../map-provider-error.js";
import type { ProviderErrorContext } from "../map-provider-error.js";
import { callWithRetries } from "../retry.js";
import type { RetryPolicy } from "../retry.js";
import { transformWithCancel } from "./transform-with-cancel.js";

/** Options for `reliabilityMiddleware`. */
export interface ReliabilityOptions extends RetryPolicy {
  /** Longest silence allowed between two streamed chunks. */
  streamIdleTimeoutMs: number;
  /** Who is being called, for error messages. */
  context: ProviderErrorContext;
}

/**
 * Timeouts, retries and error mapping around the provider call. A stream is retried
 * only until it starts; an error after the first chunk is reported in the stream (as an
 * `error` part), never retried, so no text is duplicated.
 */
export function reliabilityMiddleware(options: ReliabilityOptions): LanguageModelV4Middleware {
  return {
    specificationVersion: "v4",
    async wrapGenerate({ model, params }) {
      const attempt = await callWithRetries(options, options.context, params.abortSignal, (signal) =>
        model.doGenerate({ ...params, abortSignal: signal }),
      );
      attempt.release();
      return attempt.result;
    },
    async wrapStream({ model, params }) {
      const attempt = await callWithRetries(options, options.context, params.abortSignal, (signal) =>
        model.doStream({ ...params, abortSignal: signal }),
      );
      const stream = attempt.result.stream.pipeThrough(
        guardStream({
          idleTimeoutMs: options.streamIdleTimeoutMs,
          context: options.context,
          abort: (reason) => attempt.controller.abort(reason),
          done: attempt.release,
        }),
      );
      return { ...attempt.result, stream };
    },
  };
}

/** Ends a stalled stream with a TimeoutError part and maps provider errors inside the stream. */
function guardStream(options: {
  idleTimeoutMs: number;
  context: ProviderErrorContext;
  abort: (reason: unknown) => void;
  done: () => void;
}): TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart> {
  let timer: NodeJS.Timeout | undefined;
  let controllerRef: TransformStreamDefaultController<LanguageModelV4StreamPart> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const error = new TimeoutError({ what: `the stream from ${options.context.modelId}`, timeoutMs: options.idleTimeoutMs });
      try {
        controllerRef?.enqueue({ type: "error", error });
        controllerRef?.terminate();
      } catch {
        // the consumer already went away
      }
      options.abort(error);
      options.done();
    }, options.idleTimeoutMs);
  };
  return transformWithCancel({
    start(controller) {
      controllerRef = controller;
      arm();
    },
    transform(part, controller) {
      arm();
      controller.enqueue(part.type === "error" ? { type: "error", error: mapProviderError(part.error, options.context) } : part);
    },
    flush() {
      clearTimeout(timer);
      options.done();
    },
    cancel(reason: unknown) {
      clearTimeout(timer);
      options.abort(reason);
      options.done();
    },
  });
}
