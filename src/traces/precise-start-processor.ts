import type { HrTime } from "@opentelemetry/api";
import { hrTimeToMilliseconds, millisToHrTime } from "@opentelemetry/core";
import type { Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";

/** How far the monotonic clock may drift from the wall clock before it is anchored again. */
const MAX_DRIFT_MS = 2;

/**
 * Gives every span a start time with sub-millisecond precision. OpenTelemetry starts a span
 * at `Date.now()`, in whole milliseconds, so spans started within one millisecond (the
 * parallel tool calls of an agent step) tie, and a trace read back in start order lists
 * them at random. Register it first, so every other processor sees the precise start.
 * The span's end and its events follow, as OpenTelemetry measures them from the start
 * with the monotonic clock.
 */
export class PreciseStartProcessor implements SpanProcessor {
  private readonly now = preciseClock();

  onStart(span: Span): void {
    const now = this.now();
    // A start this far from now was given by the caller: it stays.
    if (Math.abs(hrTimeToMilliseconds(span.startTime) - now) >= MAX_DRIFT_MS) return;
    // The SDK span keeps its start in a plain field; the type says readonly for its users.
    (span as { startTime: HrTime }).startTime = millisToHrTime(now);
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Epoch milliseconds with sub-millisecond precision: the monotonic clock, anchored to the
 * wall clock, and anchored again when the two part (the monotonic clock stops while a
 * machine sleeps, and the wall clock can be set).
 */
function preciseClock(): () => number {
  let offset = Date.now() - performance.now();
  return () => {
    const now = offset + performance.now();
    const wall = Date.now();
    if (Math.abs(now - wall) < MAX_DRIFT_MS) return now;
    offset = wall - performance.now();
    return wall;
  };
}
