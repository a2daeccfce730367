/** Which wire protocol a request arrived on. */
export type Protocol = "openai" | "anthropic";

/** A JSON Schema object as a client sent it (tool parameters, response format). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** A tool call the assistant made earlier in the conversation. */
export interface NormalizedToolCall {
  /** The call id the client sent back (`call_…` or `toolu_…`). */
  id: string;
  /** Name of the called tool. */
  name: string;
  /** Parsed arguments; the raw string when they were not valid JSON. */
  arguments: unknown;
}

/**
 * One conversation message, the same shape for both protocols. Anthropic
 * `tool_result` blocks become `tool` messages of their own, placed before the
 * text of the user message that carried them; OpenAI `developer` messages and
 * the Anthropic `system` field become `system` messages.
 */
export interface NormalizedMessage {
  /** Who wrote the message. */
  role: "system" | "user" | "assistant" | "tool";
  /** All text of the message joined; for `tool` messages, the result text. */
  content: string;
  /** Tool calls of an `assistant` message (empty otherwise). */
  toolCalls: NormalizedToolCall[];
  /** For `tool` messages: the id of the call this result answers. */
  toolCallId?: string;
  /** For `tool` messages: whether the client marked the result as an error. */
  isError?: boolean;
}

/** A function tool the client offered. */
export interface NormalizedTool {
  /** Tool name as the model must call it. */
  name: string;
  /** Tool description, when sent. */
  description?: string;
  /** JSON Schema of the arguments (`{}` when none was sent). */
  inputSchema: JsonSchema;
}

/** How the client asked the model to choose tools. */
export type NormalizedToolChoice = "auto" | "none" | "required" | { toolName: string };

/** Structured-output request: JSON, optionally constrained by a schema. */
export interface ResponseFormat {
  /** Always `json`; plain text requests have no response format. */
  type: "json";
  /** The schema to follow (absent for OpenAI `json_object`). */
  schema?: JsonSchema;
  /** Schema name, when the client sent one. */
  name?: string;
}

/** A chat request, normalised from either protocol, as script handlers receive it. */
export interface NormalizedRequest {
  /** The wire protocol it arrived on. */
  protocol: Protocol;
  /** The model name the client asked for. */
  model: string;
  /** The conversation, oldest first. */
  messages: NormalizedMessage[];
  /** Function tools offered (the Anthropic structured-output `json` tool is not listed). */
  tools: NormalizedTool[];
  /** The client's tool choice, when it sent one. */
  toolChoice?: NormalizedToolChoice;
  /** Whether the client asked for a server-sent-event stream. */
  stream: boolean;
  /** Set when the client asked for JSON output. */
  responseFormat?: ResponseFormat;
  /** `max_tokens` / `max_completion_tokens`, when sent. */
  maxTokens?: number;
  /** Stop sequences (empty when none). */
  stopSequences: string[];
  /** 0 for the first request to this model name since start or `reset()`, then 1, 2, … */
  callIndex: number;
  /** The raw parsed JSON body. */
  body: unknown;
}
