import type { Completion } from "./completion.js";
import type { NormalizedRequest, Protocol } from "./normalized-request.js";
import type { ErrorSpec } from "./reply-spec.js";

/** A chat request body read by a protocol, before the server numbers it. */
export interface ParsedChatRequest {
  /** The normalised request, without its per-model call index. */
  request: Omit<NormalizedRequest, "callIndex">;
  /** Name of the tool that carries structured output (Anthropic's `json` tool), when the client used one. */
  structuredOutputTool: string | undefined;
  /** Whether a stream ends with a usage chunk (OpenAI `stream_options.include_usage`). */
  includeUsage: boolean;
  /** Whether the client offered OpenAI's legacy `functions`, so a call comes back as `function_call`. */
  legacyFunctions?: boolean;
}

/** Result of reading a request body: the request, or why it is invalid. */
export type ParseChatResult = { ok: true; value: ParsedChatRequest } | { ok: false; message: string };

/** Identity of one answer, shared by its body and every stream chunk. */
export interface AnswerIdentity {
  /** Message id (`chatcmpl-…`, `msg_…`). */
  id: string;
  /** Unix seconds. */
  created: number;
}

/** One chat wire protocol: how to read its requests and write its answers and errors. */
export interface CompletionProtocol {
  /** Protocol name given to script handlers. */
  protocol: Protocol;
  /** Prefix of generated message ids. */
  messageIdPrefix: string;
  /** Prefix of generated tool call ids. */
  toolCallIdPrefix: string;
  /** Reads and validates a request body. */
  parse(body: unknown): ParseChatResult;
  /** The JSON error body for an HTTP error. */
  errorBody(error: ErrorSpec): unknown;
  /** The JSON body of a non-streamed answer. */
  responseBody(completion: Completion, parsed: ParsedChatRequest, identity: AnswerIdentity): unknown;
  /** The server-sent-event frames of a streamed answer, each a complete `data:` block. */
  streamFrames(completion: Completion, parsed: ParsedChatRequest, identity: AnswerIdentity): string[];
  /** A 200 body that is not valid JSON. */
  malformedBody: string;
  /** SSE frames whose JSON is broken. */
  malformedFrames: string[];
}
