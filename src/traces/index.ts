// Traces: an OpenTelemetry tracer whose spans (GenAI semantic conventions plus cost)
// are batched off the hot path into the store, and optionally sent to an OTLP collector;
// labels (tags, prompt, conversation) put on the traces a piece of work starts.
export { createTracing, withSpan, recordSpanError, activeTraceId } from "./tracing.js";
export type { Tracing, TracingOptions, WithSpanOptions } from "./tracing.js";
export { GenAi, FlywheelAttributes, AgentAttributes, RagAttributes, EvalAttributes } from "./attributes.js";
export { withTraceLabels, checkTraceTags } from "./trace-labels.js";
export type { TraceLabels, TraceLabelsOptions } from "./trace-labels.js";
export { StoreSpanExporter } from "./store-span-exporter.js";
export { toSpanRecord } from "./to-span-record.js";
