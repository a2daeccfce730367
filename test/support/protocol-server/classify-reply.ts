import type { ContentReply } from "./completion.js";
import type { ErrorSpec, ReplySpec } from "./reply-spec.js";

/** A reply sorted into what the server does with it. */
export type ClassifiedReply =
  | { kind: "error"; error: ErrorSpec; delayMs: number }
  | { kind: "hang" }
  | { kind: "malformed"; delayMs: number }
  | { kind: "content"; reply: ContentReply; delayMs: number };

/** Sorts a reply by its keys, in the documented precedence: error, hang, malformed, then content. */
export function classifyReply(reply: ReplySpec): ClassifiedReply {
  const delayMs = reply.delayMs ?? 0;
  if ("error" in reply) return { kind: "error", error: reply.error, delayMs };
  if ("hang" in reply) return { kind: "hang" };
  if ("malformed" in reply) return { kind: "malformed", delayMs };
  return { kind: "content", reply, delayMs };
}
