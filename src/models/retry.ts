import { trace } from "@opentelemetry/api";
import type { FlywheelError} from "../errors/index.js";
import { CancelledError, TimeoutError } from "../errors/index.js";
import { mapProviderError, retryAfterMs } from "./map-provider-error.js";
import type { ProviderErrorContext } from "./map-provider-error.js";

/** Limits for one model call and its retries. */
export interface RetryPolicy {
  /** Time limit of one attempt (until the response, or the first chunk when streaming). */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay; doubles each retry, with jitter. */
  initialRetryDelayMs: number;
  /** Cap on the whole call, retries and waits included. */
  maxTotalMs: number;
}

/** A successful attempt: its result, the attempt count, and its abort controller. */
export interface Attempt<T> {
  result: T;
  attempts: number;
  /** Aborts the attempt's request (for streams that are still being read). */
  controller: AbortController;
  /** Detaches the attempt from the caller's signal; call when the result is fully consumed. */
  release: () => void;
}

/**
 * The one retry layer of a model call. Each attempt gets its own time limit and abort
 * controller tied to the caller's signal. Failures are mapped to FlywheelErrors;
 * retryable ones (429, 5xx, dropped connections, timeouts) are retried with exponential
 * backoff and jitter, waiting as long as `Retry-After` asks when the server says so,
 * never past `maxTotalMs`. Errors leave here non-retryable, so no outer layer retries again.
 */
export async function callWithRetries<T>(
  policy: RetryPolicy,
  context: ProviderErrorContext,
  callerSignal: AbortSignal | undefined,
  attempt: (signal: AbortSignal) => PromiseLike<T>,
): Promise<Attempt<T>> {
  const started = Date.now();
  for (let attempts = 1; ; attempts += 1) {
    if (callerSignal?.aborted) throw new CancelledError(`the call to ${context.modelId}`);
    const controller = new AbortController();
    const forwardAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener("abort", forwardAbort, { once: true });
    const release = () => callerSignal?.removeEventListener("abort", forwardAbort);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new TimeoutError({ what: `the call to ${context.modelId}`, timeoutMs: policy.timeoutMs }));
    }, policy.timeoutMs);
    try {
      const result = await attempt(controller.signal);
      return { result, attempts, controller, release };
    } catch (raw) {
      release();
      if (callerSignal?.aborted) throw new CancelledError(`the call to ${context.modelId}`);
      const error = timedOut
        ? new TimeoutError({ what: `the call to ${context.modelId}`, timeoutMs: policy.timeoutMs })
        : mapProviderError(raw, context);
      const retryable = timedOut || (error as { isRetryable?: boolean }).isRetryable === true;
      const delay = retryAfterMs(error) ?? backoff(policy.initialRetryDelayMs, attempts);
      if (!retryable || attempts > policy.maxRetries || Date.now() - started + delay > policy.maxTotalMs) {
        throw finalError(error, attempts);
      }
      trace.getActiveSpan()?.addEvent("retry", { attempt: attempts, delay_ms: Math.round(delay), error: error.message });
      await sleep(delay, callerSignal);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Exponential backoff with equal jitter: half fixed, half random. */
function backoff(initialMs: number, attempt: number): number {
  const base = initialMs * 2 ** (attempt - 1);
  return base / 2 + Math.random() * (base / 2);
}

function finalError(error: FlywheelError, attempts: number): FlywheelError {
  if (attempts > 1) Object.defineProperty(error, "attempts", { value: attempts, enumerable: true });
  // Outer retry layers (such as the AI SDK's own) look at isRetryable: we already retried.
  if ((error as { isRetryable?: boolean }).isRetryable === true) Object.defineProperty(error, "isRetryable", { value: false });
  return error;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", cancel);
      resolve();
    }
    function cancel() {
      clearTimeout(timer);
      reject(new CancelledError());
    }
    signal?.addEventListener("abort", cancel, { once: true });
  });
}
