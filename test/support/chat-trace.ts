import type { SpanRecord } from "../../src/store/index.js";
import { FlywheelAttributes, GenAi } from "../../src/traces/index.js";
import { newTraceId, spanRecord } from "./span-factory.js";

/** Options of `chatTrace`. */
export interface ChatTraceOptions {
  model?: string;
  system?: string;
  /** Earlier turns, oldest first, as [user, assistant] pairs. */
  history?: [string, string][];
  user: string;
  reply: string;
  startTime?: number;
  status?: SpanRecord["status"];
  /** Attributes of the root span (tags, prompt name, conversation id). */
  rootAttributes?: Record<string, unknown>;
}

/**
 * A `run` trace with one model span that captured its content in the GenAI
 * semantic-convention attributes, as the tracing middleware writes them.
 */
export function chatTrace(options: ChatTraceOptions): SpanRecord[] {
  const traceId = newTraceId();
  const startTime = options.startTime ?? Date.now();
  const model = options.model ?? "openai:gpt-4o-mini";
  const input = [
    ...(options.history ?? []).flatMap(([user, assistant]) => [
      { role: "user", parts: [{ type: "text", content: user }] },
      { role: "assistant", parts: [{ type: "text", content: assistant }] },
    ]),
    { role: "user", parts: [{ type: "text", content: options.user }] },
  ];
  const root = spanRecord({
    traceId,
    startTime,
    endTime: startTime + 500,
    status: options.status ?? "ok",
    attributes: { [FlywheelAttributes.input]: options.user, [FlywheelAttributes.output]: options.reply, ...options.rootAttributes },
  });
  const child = spanRecord({
    traceId,
    parentSpanId: root.spanId,
    name: `chat ${model}`,
    kind: "model",
    startTime: startTime + 10,
    endTime: startTime + 490,
    status: options.status ?? "ok",
    provider: model.split(":")[0]!,
    model,
    attributes: {
      [FlywheelAttributes.modelId]: model,
      [GenAi.inputMessages]: JSON.stringify(input),
      [GenAi.outputMessages]: JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: options.reply }] }]),
      ...(options.system === undefined ? {} : { [GenAi.systemInstructions]: JSON.stringify([{ type: "text", content: options.system }]) }),
    },
  });
  return [child, root];
}
