import { SpanStatusCode } from "@opentelemetry/api";
import type { HrTime } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { redactDeep, redactSecrets } from "../secrets/index.js";
import type { SpanRecord, SpanStatus } from "../store/index.js";
import { FlywheelAttributes, GenAi } from "./attributes.js";

/** Converts a finished OpenTelemetry span to the store's record, with secrets redacted. */
export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const attributes = redactDeep({ ...span.attributes }) as Record<string, unknown>;
  const parent = span.parentSpanContext;
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: parent === undefined ? null : parent.spanId,
    name: span.name,
    kind: stringOr(attributes[FlywheelAttributes.spanKind], "span"),
    startTime: toMilliseconds(span.startTime),
    endTime: toMilliseconds(span.endTime),
    status: statusOf(span, attributes),
    statusMessage: span.status.message === undefined || span.status.message === "" ? null : redactSecrets(span.status.message),
    provider: optionalString(attributes[GenAi.system]),
    model: optionalString(attributes[FlywheelAttributes.modelId] ?? attributes[GenAi.requestModel]),
    inputTokens: optionalNumber(attributes[GenAi.usageInputTokens]),
    outputTokens: optionalNumber(attributes[GenAi.usageOutputTokens]),
    costUsd: optionalNumber(attributes[FlywheelAttributes.costUsd]),
    attributes,
    events: span.events.map((event) => ({
      name: event.name,
      time: toMilliseconds(event.time),
      attributes: redactDeep({ ...(event.attributes ?? {}) }) as Record<string, unknown>,
    })),
  };
}

function statusOf(span: ReadableSpan, attributes: Record<string, unknown>): SpanStatus {
  if (attributes[FlywheelAttributes.status] === "cancelled") return "cancelled";
  if (span.status.code === SpanStatusCode.ERROR) return "error";
  if (span.status.code === SpanStatusCode.OK) return "ok";
  return "unset";
}

function toMilliseconds(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function optionalString(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function optionalNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
