import { ExportResultCode } from "@opentelemetry/core";
import type { ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import type { TraceStore } from "../store/index.js";
import { toSpanRecord } from "./to-span-record.js";

/**
 * Writes finished spans to the store, one transaction per batch. Runs behind a
 * BatchSpanProcessor, so model calls never wait for the database.
 */
export class StoreSpanExporter implements SpanExporter {
  private pending = new Set<Promise<void>>();
  /** Errors from failed writes, kept for `flush()` callers to report. */
  readonly errors: unknown[] = [];

  constructor(private readonly store: TraceStore) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const write = this.store
      .writeSpans(spans.map(toSpanRecord))
      .then(
        () => resultCallback({ code: ExportResultCode.SUCCESS }),
        (error: unknown) => {
          this.errors.push(error);
          resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
        },
      )
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.pending);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }
}
