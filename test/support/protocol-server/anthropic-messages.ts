// Anthropic messages: message bodies, stream events and error bodies in the
// shape `@ai-sdk/anthropic` parses.
import type { Completion } from "./completion.js";
import type { AnswerIdentity, CompletionProtocol, ParsedChatRequest } from "./completion-protocol.js";
import { anthropicErrorBody } from "./anthropic-error-body.js";
import { parseAnthropicMessagesRequest } from "./anthropic-messages-request.js";
import { sseEvent } from "./sse.js";
import { splitJson } from "./text-pieces.js";

/** The Anthropic `POST /v1/messages` protocol. */
export const anthropicMessagesProtocol: CompletionProtocol = {
  protocol: "anthropic",
  messageIdPrefix: "msg_",
  toolCallIdPrefix: "toolu_",
  parse: parseAnthropicMessagesRequest,
  errorBody: anthropicErrorBody,
  responseBody,
  streamFrames,
  malformedBody: '{"id":"msg_malformed","type":"message","role":"assistant","content":[{"type":"text","text":"You sa',
  // The first frame is valid: when the very first frame is broken, @ai-sdk/anthropic
  // throws a bare "Expected a normalized Anthropic stream error" instead of reporting it.
  malformedFrames: [
    sseEvent(
      "message_start",
      '{"type":"message_start","message":{"id":"msg_malformed","type":"message","role":"assistant","content":[],"usage":{"input_tokens":1,"output_tokens":1}}}',
    ),
    sseEvent("content_block_start", '{"type":"content_block_start","index":0,"content_block":{"type":"text","te'),
    sseEvent("content_block_delta", "{not json}"),
  ],
};

function stopReason(completion: Completion): string {
  switch (completion.finish) {
    case "length":
      return "max_tokens";
    case "tool-calls":
      return "tool_use";
    default:
      return completion.stopSequence === undefined ? "end_turn" : "stop_sequence";
  }
}

function responseBody(completion: Completion, parsed: ParsedChatRequest, identity: AnswerIdentity): unknown {
  const content: unknown[] = [];
  const text = completion.textPieces.join("");
  if (text.length > 0) content.push({ type: "text", text });
  for (const call of completion.toolCalls) content.push({ type: "tool_use", id: call.id, name: call.name, input: call.arguments });
  return {
    id: identity.id,
    type: "message",
    role: "assistant",
    model: parsed.request.model,
    content,
    stop_reason: stopReason(completion),
    stop_sequence: completion.stopSequence ?? null,
    usage: {
      input_tokens: completion.inputTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: completion.outputTokens,
    },
  };
}

function streamFrames(completion: Completion, parsed: ParsedChatRequest, identity: AnswerIdentity): string[] {
  const frames = [
    event("message_start", {
      type: "message_start",
      message: {
        id: identity.id,
        type: "message",
        role: "assistant",
        model: parsed.request.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: completion.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
      },
    }),
    event("ping", { type: "ping" }),
  ];
  let index = 0;
  if (completion.textPieces.length > 0) {
    frames.push(event("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } }));
    for (const text of completion.textPieces) {
      frames.push(event("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text } }));
    }
    frames.push(event("content_block_stop", { type: "content_block_stop", index }));
    index++;
  }
  for (const call of completion.toolCalls) {
    frames.push(
      event("content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: call.id, name: call.name, input: {} } }),
    );
    for (const partial_json of splitJson(call.argumentsJson)) {
      frames.push(event("content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } }));
    }
    frames.push(event("content_block_stop", { type: "content_block_stop", index }));
    index++;
  }
  frames.push(
    event("message_delta", {
      type: "message_delta",
      delta: { stop_reason: stopReason(completion), stop_sequence: completion.stopSequence ?? null },
      usage: { output_tokens: completion.outputTokens },
    }),
    event("message_stop", { type: "message_stop" }),
  );
  return frames;
}

function event(type: string, data: unknown): string {
  return sseEvent(type, JSON.stringify(data));
}
