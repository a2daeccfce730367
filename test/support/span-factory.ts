import { randomBytes } from "node:crypto";
import type { SpanRecord } from "../../src/store/index.js";

/** A random 32-hex trace id. */
export function newTraceId(): string {
  return randomBytes(16).toString("hex");
}

/** A random 16-hex span id. */
export function newSpanId(): string {
  return randomBytes(8).toString("hex");
}

/** A span record with sensible defaults, for store tests. */
export function spanRecord(overrides: Partial<SpanRecord> & Pick<SpanRecord, "traceId">): SpanRecord {
  const startTime = overrides.startTime ?? Date.now();
  return {
    spanId: newSpanId(),
    parentSpanId: null,
    name: "run",
    kind: "run",
    startTime,
    endTime: startTime + 100,
    status: "ok",
    statusMessage: null,
    provider: null,
    model: null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    attributes: {},
    events: [],
    ...overrides,
  };
}

/** A root `run` span with one `chat` child that used tokens: the shape of `flywheel run`. */
export function runTrace(options: { model: string; startTime: number; input: string; inputTokens: number; outputTokens: number; costUsd: number; status?: SpanRecord["status"] }): SpanRecord[] {
  const traceId = newTraceId();
  const root = spanRecord({
    traceId,
    startTime: options.startTime,
    endTime: options.startTime + 500,
    status: options.status ?? "ok",
    model: options.model,
    attributes: { "flywheel.input": options.input, "flywheel.output": `reply to ${options.input}` },
  });
  const child = spanRecord({
    traceId,
    parentSpanId: root.spanId,
    name: `chat ${options.model}`,
    kind: "model",
    startTime: options.startTime + 10,
    endTime: options.startTime + 490,
    status: options.status ?? "ok",
    provider: options.model.split(":")[0]!,
    model: options.model,
    inputTokens: options.inputTokens,
    outputTokens: options.outputTokens,
    costUsd: options.costUsd,
  });
  return [child, root];
}

/** A finished call an experiment assigned: one root span labelled with the experiment, variant and unit, as the tracer writes it. */
export function experimentTrace(options: { experiment: string; variant: string; unit: string; startTime: number; durationMs?: number; costUsd?: number; status?: SpanRecord["status"] }): SpanRecord {
  return spanRecord({
    traceId: newTraceId(),
    startTime: options.startTime,
    endTime: options.startTime + (options.durationMs ?? 300),
    status: options.status ?? "ok",
    costUsd: options.costUsd ?? 0.001,
    attributes: {
      "flywheel.input": `question from ${options.unit}`,
      "flywheel.experiment.name": options.experiment,
      "flywheel.experiment.variant": options.variant,
      "flywheel.experiment.unit": options.unit,
    },
  });
}
