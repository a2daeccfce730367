import type { ServerResponse } from "node:http";
import { behaviourReply } from "./behaviours.js";
import { buildCompletion } from "./completion.js";
import type { Completion, ContentReply } from "./completion.js";
import { classifyReply } from "./classify-reply.js";
import type { AnswerIdentity, CompletionProtocol, ParsedChatRequest } from "./completion-protocol.js";
import type { NormalizedRequest } from "./normalized-request.js";
import { invalidRequestError } from "./provider-errors.js";
import type { ReplySpec } from "./reply-spec.js";
import { sendError } from "./send-error.js";
import { sendBody, sendJson } from "./send-json.js";
import type { ServerState } from "./server-state.js";
import { writeSse } from "./sse.js";

/**
 * Answers one chat request in a protocol: reads the body, asks the model's
 * script (or, failing that, its name) for a reply, and sends it as an error,
 * a hang, garbage, a JSON answer or an event stream.
 */
export async function handleChat(protocol: CompletionProtocol, state: ServerState, body: unknown, response: ServerResponse): Promise<void> {
  const parsed = protocol.parse(body);
  if (!parsed.ok) {
    sendError(response, invalidRequestError(parsed.message), protocol.errorBody);
    return;
  }
  const request: NormalizedRequest = { ...parsed.value.request, callIndex: state.nextCallIndex(parsed.value.request.model) };
  const reply = classifyReply(await replyFor(state, request));
  if (reply.kind === "hang") return;
  const timing = { firstDelayMs: reply.delayMs, chunkDelayMs: state.chunkDelayMs, delays: state.delays };

  if (request.stream && reply.kind !== "error") {
    if (reply.kind === "malformed") return writeSse(response, protocol.malformedFrames, timing);
    const answer = answerOf(protocol, state, reply.reply, request, parsed.value);
    return writeSse(response, protocol.streamFrames(answer.completion, parsed.value, answer.identity), timing);
  }

  if (reply.delayMs > 0 && !(await state.delays.wait(reply.delayMs))) return;
  if (reply.kind === "error") return sendError(response, reply.error, protocol.errorBody);
  if (reply.kind === "malformed") return sendBody(response, 200, protocol.malformedBody);
  const answer = answerOf(protocol, state, reply.reply, request, parsed.value);
  sendJson(response, 200, protocol.responseBody(answer.completion, parsed.value, answer.identity));
}

async function replyFor(state: ServerState, request: NormalizedRequest): Promise<ReplySpec> {
  const script = state.scripts.get(request.model) ?? state.scriptByPrefix(request.model);
  const scripted = script === undefined ? undefined : await script(request);
  return scripted ?? behaviourReply(request);
}

function answerOf(
  protocol: CompletionProtocol,
  state: ServerState,
  reply: ContentReply,
  request: NormalizedRequest,
  parsed: ParsedChatRequest,
): { completion: Completion; identity: AnswerIdentity } {
  const sequence = state.nextSequence();
  const completion = buildCompletion(reply, request, {
    toolCallIdPrefix: protocol.toolCallIdPrefix,
    sequence,
    structuredOutputTool: parsed.structuredOutputTool,
  });
  return { completion, identity: { id: `${protocol.messageIdPrefix}${sequence}`, created: Math.floor(Date.now() / 1000) } };
}
