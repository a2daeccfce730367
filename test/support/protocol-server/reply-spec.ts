import type { NormalizedRequest } from "./normalized-request.js";

/** Token counts that replace the computed ones in the reply's usage. */
export interface UsageOverride {
  /** Prompt tokens to report. */
  inputTokens?: number;
  /** Completion tokens to report. */
  outputTokens?: number;
}

/** Options every reply kind accepts. */
export interface ReplyOptions {
  /** Replaces the computed token counts. */
  usage?: UsageOverride;
  /** Sends no token usage at all (OpenAI; Anthropic answers always carry usage). */
  omitUsage?: boolean;
  /**
   * Milliseconds to wait before answering, after the server's `latencyMs`.
   * Streamed replies send their headers first and wait before the first chunk.
   */
  delayMs?: number;
}

/** Answer with text. Honours the request's max tokens and stop sequences. */
export interface TextReply extends ReplyOptions {
  /** The assistant's text, streamed one word (with its leading space) per chunk. */
  text: string;
  /** Sends all of the text whatever the request's max tokens, as a provider that ignores the limit would. */
  ignoreMaxTokens?: boolean;
}

/** One tool call in a scripted reply. */
export interface ScriptedToolCall {
  /** Name of the tool to call. */
  name: string;
  /** Arguments object, sent as JSON. */
  arguments: Record<string, unknown>;
  /** Call id; generated (`call_<n>_<i>` / `toolu_<n>_<i>`) when absent. */
  id?: string;
}

/** Answer with tool calls, optionally after some text. */
export interface ToolCallsReply extends ReplyOptions {
  /** The calls, in order. */
  toolCalls: ScriptedToolCall[];
  /** Text the assistant says before calling the tools. */
  text?: string;
}

/** Answer with a JSON value (structured output): JSON text, or the Anthropic `json` tool when that was offered. */
export interface JsonReply extends ReplyOptions {
  /** The value to send. */
  json: unknown;
}

/** An HTTP error in the protocol's own error body shape. */
export interface ErrorSpec {
  /** HTTP status, e.g. 429. */
  status: number;
  /** Error message. */
  message: string;
  /** Error type; defaults from the status (`rate_limit_error`, `invalid_request_error`, …). */
  type?: string;
  /** OpenAI error code, e.g. `rate_limit_exceeded` (Anthropic bodies have none). */
  code?: string;
  /** OpenAI `param`: the request field at fault, e.g. `messages`. */
  param?: string;
  /** Sends a `Retry-After` header with this many seconds. */
  retryAfterSeconds?: number;
  /** Sends a `retry-after-ms` header (OpenAI) so clients retry without waiting whole seconds. */
  retryAfterMs?: number;
}

/** Answer with an HTTP error. */
export interface ErrorReply extends ReplyOptions {
  /** The error to send. */
  error: ErrorSpec;
}

/** Accept the request and never answer; the socket stays open until the client aborts or the server closes. */
export interface HangReply extends ReplyOptions {
  /** Always `true`. */
  hang: true;
}

/** Answer 200 with a body that is not valid JSON (or SSE frames with broken JSON). */
export interface MalformedReply extends ReplyOptions {
  /** Always `true`. */
  malformed: true;
}

/**
 * What the server answers to one chat request. When a value has more than one
 * kind's key, the first of error, hang, malformed, toolCalls, json, text wins.
 */
export type ReplySpec = TextReply | ToolCallsReply | JsonReply | ErrorReply | HangReply | MalformedReply;

/**
 * Decides the reply for one request to a scripted model name. Return
 * `undefined` to fall back to the behaviour the model name selects.
 */
export type ScriptHandler = (request: NormalizedRequest) => ReplySpec | undefined | Promise<ReplySpec | undefined>;
