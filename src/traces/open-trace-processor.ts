import type { Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { hrTimeToMilliseconds } from "@opentelemetry/core";
import { currentTraceOwner } from "../store/index.js";
import type { OpenTraceRecord, TraceStore } from "../store/index.js";
import { FlywheelAttributes } from "./attributes.js";

/**
 * Records each trace whose root span has started with the process that runs it, so that a
 * trace left open by a process that died (kill -9, a crash) is marked `interrupted` when
 * the store is next opened. Writes are batched after `delayMs`; a root span that ends
 * before then costs no write at all.
 */
export class OpenTraceProcessor implements SpanProcessor {
  private readonly owner = currentTraceOwner();
  private readonly pending = new Map<string, OpenTraceRecord>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: TraceStore,
    private readonly delayMs: number,
  ) {}

  onStart(span: Span, _parentContext: Context): void {
    if (span.parentSpanContext !== undefined) return;
    const { traceId } = span.spanContext();
    const kind = span.attributes[FlywheelAttributes.spanKind];
    this.pending.set(traceId, { traceId, name: span.name, kind: typeof kind === "string" ? kind : "span", startTime: hrTimeToMilliseconds(span.startTime), owner: this.owner });
    if (this.timer === undefined) {
      this.timer = setTimeout(() => void this.write(), this.delayMs);
      this.timer.unref();
    }
  }

  onEnd(span: ReadableSpan): void {
    if (span.parentSpanContext === undefined) this.pending.delete(span.spanContext().traceId);
  }

  forceFlush(): Promise<void> {
    return this.write();
  }

  async shutdown(): Promise<void> {
    await this.write();
  }

  private write(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const records = [...this.pending.values()];
    this.pending.clear();
    // Losing this record only means a crash leaves the trace `running`: never fail the traced work for it.
    this.writing = this.writing.then(() => this.store.writeOpenTraces(records)).catch(() => undefined);
    return this.writing;
  }
}
