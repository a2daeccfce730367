// Traces: an OpenTelemetry tracer whose spans (GenAI semantic conventions plus cost)
// are batched off the hot path into the store, and optionally sent to an OTLP collector.
export { createTracing, withSpan, recordSpanError, activeTraceId } from "./tracing.js";
export type { Tracing, TracingOptions, WithSpanOptions } from "./tracing.js";
export { GenAi, FlywheelAttributes, AgentAttributes, RagAttributes, EvalAttributes } from "./attributes.js";
export { StoreSpanExporter } from "./store-span-exporter.js";
export { toSpanRecord } from "./to-span-record.js";
