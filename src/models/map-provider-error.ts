import { APICallError, LoadAPIKeyError } from "@ai-sdk/provider";
import {
  CancelledError,
  ContextLengthError,
  FlywheelError,
  MissingApiKeyError,
  ModelCallError,
  ProviderUnreachableError,
  UnknownModelError,
} from "../errors/index.js";
import { isAbortError } from "../errors/to-flywheel-error.js";
import type { ModelInfo } from "./catalog/index.js";

/** What the mapper needs to know about the call that failed. */
export interface ProviderErrorContext {
  /** Flywheel model id, e.g. `openai:gpt-4o-mini`. */
  modelId: string;
  /** Provider name, e.g. `openai`. */
  provider: string;
  /** Base URL the provider calls, for unreachable-server messages. */
  baseURL?: string;
  /** Catalog facts, for context-length messages. */
  info?: ModelInfo;
}

const CONTEXT_MESSAGE = /context[_ ]length|maximum context|context window|prompt is too long|too many (input )?tokens|input is too long/i;
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ConnectionRefused", "ENOTFOUND", "EAI_AGAIN", "FailedToOpenSocket", "EHOSTUNREACH"]);

/**
 * Maps whatever a provider call threw to a FlywheelError that says what happened in the
 * user's terms, with `isRetryable` set for 408/409/429/5xx and dropped connections.
 */
export function mapProviderError(error: unknown, context: ProviderErrorContext): FlywheelError {
  if (FlywheelError.isInstance(error)) return error;
  if (isAbortError(error)) return new CancelledError(`the call to ${context.modelId}`);
  if (LoadAPIKeyError.isInstance(error)) {
    return new MissingApiKeyError({ provider: context.provider, environmentVariable: `${context.provider.toUpperCase()}_API_KEY` });
  }
  if (APICallError.isInstance(error)) return mapApiCallError(error, context);
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && /JSON|parse|validation/i.test(`${error.name} ${message}`)) {
    return new ModelCallError({
      modelId: context.modelId,
      message: `the provider sent a response that could not be read (${firstLine(message)})`,
      hint: "check that the base URL points at a server that speaks this provider's protocol",
      cause: error,
    });
  }
  return new ModelCallError({ modelId: context.modelId, message: firstLine(message), cause: error });
}

function mapApiCallError(error: APICallError, context: ProviderErrorContext): FlywheelError {
  const status = error.statusCode;
  if (status === undefined) {
    const code = networkCode(error);
    if (code !== undefined && UNREACHABLE_CODES.has(code)) {
      return new ProviderUnreachableError({ provider: context.provider, url: context.baseURL ?? error.url, cause: error });
    }
    return new ModelCallError({
      modelId: context.modelId,
      message: `network error talking to ${context.baseURL ?? error.url} (${firstLine(error.message)})`,
      isRetryable: error.isRetryable,
      cause: error,
    });
  }
  const detail = firstLine(error.message);
  if (status >= 200 && status < 300) {
    return new ModelCallError({
      modelId: context.modelId,
      message: `the provider sent a response that could not be read (${detail})`,
      hint: "check that the base URL points at a server that speaks this provider's protocol",
      cause: error,
    });
  }
  if ((status === 400 || status === 413 || status === 422) && CONTEXT_MESSAGE.test(`${detail} ${error.responseBody ?? ""}`)) {
    return new ContextLengthError({ modelId: context.modelId, contextWindow: context.info?.contextWindow, cause: error });
  }
  if (status === 404 && /model/i.test(`${detail} ${error.responseBody ?? ""}`)) {
    return new UnknownModelError({
      modelId: context.modelId,
      reason: `the provider says: ${detail}`,
      hint: "check the model name; `flywheel models list` shows known ones",
    });
  }
  if (status === 401 || status === 403) {
    return new ModelCallError({
      modelId: context.modelId,
      message: `the provider refused the API key (HTTP ${status}: ${detail})`,
      statusCode: status,
      hint: `check ${context.provider.toUpperCase()}_API_KEY (or apiKeyEnv in flywheel.config.yaml)`,
      cause: error,
    });
  }
  return new ModelCallError({
    modelId: context.modelId,
    message: `HTTP ${status}: ${detail}`,
    statusCode: status,
    isRetryable: error.isRetryable,
    hint: status === 429 ? "you hit a rate limit; lower the concurrency or wait" : undefined,
    cause: error,
  });
}

function networkCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = current.cause;
  }
  return undefined;
}

/** The Retry-After delay a failed call asked for, in milliseconds, if any. */
export function retryAfterMs(error: unknown): number | undefined {
  const cause = FlywheelError.isInstance(error) ? error.cause : error;
  if (!APICallError.isInstance(cause)) return undefined;
  const headers = cause.responseHeaders ?? {};
  const milliseconds = Number.parseFloat(headers["retry-after-ms"] ?? "");
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers["retry-after"];
  if (value === undefined) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
