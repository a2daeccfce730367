import { ExportResultCode } from "@opentelemetry/core";
import type { ExportResult } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { FlywheelError, StoreError } from "../errors/index.js";
import type { SpanRecord, TraceStore } from "../store/index.js";
import { toSpanRecord } from "./to-span-record.js";

/** Options of `StoreSpanExporter`. */
export interface StoreSpanExporterOptions {
  /** Most spans held in memory while the store is unreachable; the oldest go beyond it (default 10,000). */
  maxHeldSpans?: number;
  /** How long a held span waits for the store before it is dropped (default 5 minutes). */
  maxHoldMs?: number;
  /** First wait before writing held spans again; doubles up to 30 s (default 1 s). */
  retryDelayMs?: number;
}

/**
 * Writes finished spans to the store, one transaction per batch. Runs behind a
 * BatchSpanProcessor, so model calls never wait for the database. While the store is
 * unreachable (a database server restarting), spans are held in memory, bounded in count and
 * age, and written in order once it answers again: a write that failed this way changed
 * nothing, and span writes are idempotent, so writing them again is safe.
 */
export class StoreSpanExporter implements SpanExporter {
  private pending = new Set<Promise<void>>();
  /** Errors from failed writes, kept for `flush()` callers to report. */
  readonly errors: unknown[] = [];
  private held: { records: SpanRecord[]; since: number }[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;
  private readonly maxHeldSpans: number;
  private readonly maxHoldMs: number;
  private readonly firstRetryDelay: number;

  constructor(
    private readonly store: TraceStore,
    options: StoreSpanExporterOptions = {},
  ) {
    this.maxHeldSpans = options.maxHeldSpans ?? 10_000;
    this.maxHoldMs = options.maxHoldMs ?? 5 * 60_000;
    this.firstRetryDelay = this.retryDelay = options.retryDelayMs ?? 1000;
  }

  /** Spans waiting in memory for the store to come back. */
  get heldSpans(): number {
    return this.held.reduce((sum, batch) => sum + batch.records.length, 0);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.track(
      this.write(spans.map(toSpanRecord)).then(
        () => resultCallback({ code: ExportResultCode.SUCCESS }),
        (error: unknown) => {
          this.errors.push(error);
          resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
        },
      ),
    );
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.pending);
    if (this.held.length === 0) return;
    await this.writeHeld().catch((error: unknown) => this.errors.push(error));
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    clearTimeout(this.retryTimer);
    if (this.held.length > 0) this.errors.push(new StoreError({ message: `${this.heldSpans} spans were not written: the store stayed unreachable`, hint: "check that the database server is running" }));
  }

  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  /** Held spans go first, so a trace's spans reach the store in the order they ended. */
  private async write(records: SpanRecord[]): Promise<void> {
    try {
      await this.writeHeld();
      await this.store.writeSpans(records);
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      this.hold(records);
    }
  }

  private async writeHeld(): Promise<void> {
    while (this.held.length > 0) {
      await this.store.writeSpans(this.held[0]!.records);
      this.held.shift();
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.retryDelay = this.firstRetryDelay;
  }

  private hold(records: SpanRecord[]): void {
    if (records.length > 0) this.held.push({ records, since: Date.now() });
    let dropped = 0;
    while (this.held.length > 0 && (this.heldSpans > this.maxHeldSpans || Date.now() - this.held[0]!.since > this.maxHoldMs)) dropped += this.held.shift()!.records.length;
    if (dropped > 0) this.errors.push(new StoreError({ message: `dropped ${dropped} spans: the store was unreachable for too long`, hint: "check that the database server is running" }));
    if (this.retryTimer !== undefined || this.held.length === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
      this.track(this.write([]).catch((error: unknown) => void this.errors.push(error)));
    }, this.retryDelay);
    // Held spans must not keep a finished process alive: `flush()` and `shutdown()` try them once more.
    this.retryTimer.unref();
  }
}

function isUnavailable(error: unknown): boolean {
  return FlywheelError.isInstance(error) && error.code === "store-unavailable";
}
