// OpenAI chat completions: answer bodies, stream chunks and error bodies in the
// shape `@ai-sdk/openai` (chat) and `@ai-sdk/openai-compatible` parse.
import type { Completion } from "./completion.js";
import type { AnswerIdentity, CompletionProtocol, ParsedChatRequest } from "./completion-protocol.js";
import { openaiErrorBody } from "./openai-error-body.js";
import { parseOpenAIChatRequest } from "./openai-chat-request.js";
import { sseData } from "./sse.js";
import { splitJson } from "./text-pieces.js";

const finishReasons = { stop: "stop", length: "length", "tool-calls": "tool_calls" } as const;

/** The OpenAI `POST /v1/chat/completions` protocol. */
export const openaiChatProtocol: CompletionProtocol = {
  protocol: "openai",
  messageIdPrefix: "chatcmpl-",
  toolCallIdPrefix: "call_",
  parse: parseOpenAIChatRequest,
  errorBody: openaiErrorBody,
  responseBody,
  streamFrames,
  malformedBody: '{"id":"chatcmpl-malformed","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"You sa',
  malformedFrames: [
    sseData('{"id":"chatcmpl-malformed","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"You sa'),
    sseData("{not json}"),
    sseData("[DONE]"),
  ],
};

function responseBody(completion: Completion, parsed: ParsedChatRequest, identity: AnswerIdentity): unknown {
  const text = completion.textPieces.join("");
  const [firstCall] = completion.toolCalls;
  const legacyCall = parsed.legacyFunctions === true && firstCall !== undefined;
  return {
    id: identity.id,
    object: "chat.completion",
    created: identity.created,
    model: parsed.request.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: text.length === 0 && completion.toolCalls.length > 0 ? null : text,
          refusal: null,
          ...(legacyCall
            ? { function_call: { name: firstCall.name, arguments: firstCall.argumentsJson } }
            : completion.toolCalls.length === 0
            ? {}
            : {
                tool_calls: completion.toolCalls.map((call) => ({
                  id: call.id,
                  type: "function",
                  function: { name: call.name, arguments: call.argumentsJson },
                })),
              }),
        },
        logprobs: null,
        finish_reason: legacyCall ? "function_call" : finishReasons[completion.finish],
      },
    ],
    ...(completion.omitUsage ? {} : { usage: usageOf(completion) }),
  };
}

function streamFrames(completion: Completion, parsed: ParsedChatRequest, identity: AnswerIdentity): string[] {
  // Every chunk starts the same way; only the choice differs.
  const head = `{"id":${JSON.stringify(identity.id)},"object":"chat.completion.chunk","created":${identity.created},"model":${JSON.stringify(parsed.request.model)},`;
  const chunk = (delta: unknown, finishReason: string | null): string =>
    sseData(`${head}"choices":[${JSON.stringify({ index: 0, delta, logprobs: null, finish_reason: finishReason })}]}`);
  const frames: string[] = [];
  let role: { role?: "assistant" } = { role: "assistant" };
  for (const piece of completion.textPieces) {
    frames.push(chunk({ ...role, content: piece }, null));
    role = {};
  }
  completion.toolCalls.forEach((call, index) => {
    frames.push(chunk({ ...role, tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }, null));
    role = {};
    for (const piece of splitJson(call.argumentsJson)) frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }, null));
  });
  if (frames.length === 0) frames.push(chunk({ role: "assistant", content: "" }, null));
  frames.push(chunk({}, finishReasons[completion.finish]));
  if (parsed.includeUsage && !completion.omitUsage) frames.push(sseData(`${head}"choices":[],"usage":${JSON.stringify(usageOf(completion))}}`));
  frames.push(sseData("[DONE]"));
  return frames;
}

function usageOf(completion: Completion): unknown {
  return {
    prompt_tokens: completion.inputTokens,
    completion_tokens: completion.outputTokens,
    total_tokens: completion.inputTokens + completion.outputTokens,
  };
}
