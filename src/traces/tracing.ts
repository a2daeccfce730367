import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Attributes, Span, Tracer } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { isAbortError } from "../errors/to-flywheel-error.js";
import { redactSecrets } from "../secrets/index.js";
import type { TraceStore } from "../store/index.js";
import { FlywheelAttributes, GenAi } from "./attributes.js";
import { StoreSpanExporter } from "./store-span-exporter.js";
import { LazyOtlpExporter } from "./lazy-otlp-exporter.js";
import { OpenTraceProcessor } from "./open-trace-processor.js";
import { PreciseStartProcessor } from "./precise-start-processor.js";
import { TraceLabelsProcessor } from "./trace-labels.js";

/** Options for `createTracing`. */
export interface TracingOptions {
  /** Where spans are written; omit to keep no spans locally. */
  store?: TraceStore;
  /** Also send spans to an OTLP/HTTP collector. */
  otlp?: { endpoint: string; headers?: Record<string, string> };
  /** How long spans wait in memory before a batch is written (default 250 ms). */
  flushDelayMs?: number;
}

/** A tracer whose spans go, in batches, to the store and optionally to an OTLP collector. */
export interface Tracing {
  /** The OpenTelemetry tracer Flywheel's layers start spans with. */
  readonly tracer: Tracer;
  /** Writes every finished span now; resolves when they are stored. */
  flush(): Promise<void>;
  /** Flushes and stops; later spans are dropped. */
  shutdown(): Promise<void>;
}

let contextManagerReady = false;

/** Makes nested spans work: the active span follows async calls (AsyncLocalStorage). */
function ensureContextManager(): void {
  if (contextManagerReady) return;
  const manager = new AsyncLocalStorageContextManager().enable();
  // If the application registered its own context manager, keep it: it serves us as well.
  if (!context.setGlobalContextManager(manager)) manager.disable();
  contextManagerReady = true;
}

/**
 * Creates the tracer. Spans are queued in memory and written off the hot path by a
 * batch processor; `flush()` and `shutdown()` write whatever is queued, and a
 * `beforeExit` hook does the same when a process ends without calling them.
 */
export function createTracing(options: TracingOptions = {}): Tracing {
  ensureContextManager();
  const batch = { scheduledDelayMillis: options.flushDelayMs ?? 250, maxQueueSize: 100_000, maxExportBatchSize: 512 };
  const processors: SpanProcessor[] = [new PreciseStartProcessor(), new TraceLabelsProcessor()];
  if (options.store !== undefined) {
    processors.push(new OpenTraceProcessor(options.store, batch.scheduledDelayMillis), new BatchSpanProcessor(new StoreSpanExporter(options.store), batch));
  }
  if (options.otlp !== undefined) {
    processors.push(new BatchSpanProcessor(new LazyOtlpExporter({ url: options.otlp.endpoint, headers: options.otlp.headers ?? {} }), batch));
  }
  const provider = new BasicTracerProvider({ spanProcessors: processors });
  let stopped = false;
  const flushOnExit = () => {
    if (!stopped) void provider.forceFlush();
  };
  process.once("beforeExit", flushOnExit);
  return {
    tracer: provider.getTracer("flywheel"),
    flush: () => provider.forceFlush(),
    async shutdown() {
      if (stopped) return;
      stopped = true;
      process.off("beforeExit", flushOnExit);
      await provider.shutdown();
    },
  };
}

/** Options for `withSpan`. */
export interface WithSpanOptions {
  /** Span kind shown in traces: run, step, tool, retrieve, ... */
  kind: string;
  /** Attributes set when the span starts. */
  attributes?: Attributes;
}

/**
 * Runs `work` inside a new active span: spans started inside (model calls, tools) nest
 * under it. The span ends `ok`, `error` (with the message) or `cancelled` (abort).
 */
export async function withSpan<T>(tracer: Tracer, name: string, options: WithSpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes: { [FlywheelAttributes.spanKind]: options.kind, ...options.attributes } }, async (span) => {
    try {
      const result = await work(span);
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (error) {
      recordSpanError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span as failed, or as cancelled when the error is an abort. */
export function recordSpanError(span: Span, error: unknown): void {
  const message = redactSecrets(error instanceof Error ? error.message : String(error));
  if (isAbortError(error) || (error as { code?: unknown } | null)?.code === "cancelled") {
    span.setAttribute(FlywheelAttributes.status, "cancelled");
    span.setStatus({ code: SpanStatusCode.ERROR, message: "cancelled" });
    return;
  }
  span.setAttribute(GenAi.errorType, (error as { code?: unknown } | null)?.code?.toString() ?? (error instanceof Error ? error.name : "error"));
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** The trace id of the span active in the current async context, if any. */
export function activeTraceId(): string | undefined {
  return trace.getActiveSpan()?.spanContext().traceId;
}
