import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerSecret } from "../secrets/index.js";
import { openStore } from "../store/index.js";
import { activeTraceId, createTracing, withSpan } from "./tracing.js";

const freshFile = () => path.join(mkdtempSync(path.join(tmpdir(), "flywheel-traces-")), "flywheel.db");

describe("tracing", () => {
  it("writes nested spans as one tree, flushed on shutdown", async () => {
    const file = freshFile();
    const store = await openStore({ url: file });
    const tracing = createTracing({ store: store.traces, flushDelayMs: 60_000 });
    let traceId: string | undefined;
    await withSpan(tracing.tracer, "agent run", { kind: "run" }, async () => {
      traceId = activeTraceId();
      await withSpan(tracing.tracer, "step 1", { kind: "step" }, async () => {
        await withSpan(tracing.tracer, "tool calculator", { kind: "tool" }, async () => "4");
      });
      await withSpan(tracing.tracer, "step 2", { kind: "step" }, async () => undefined);
    });
    expect((await store.traces.listTraces()).traces).toHaveLength(0);
    await tracing.shutdown();
    const detail = await store.traces.getTrace(traceId!);
    expect(detail!.summary).toMatchObject({ name: "agent run", status: "ok", spanCount: 4 });
    const byName = new Map(detail!.spans.map((span) => [span.name, span]));
    expect(byName.get("agent run")!.parentSpanId).toBeNull();
    expect(byName.get("step 1")!.parentSpanId).toBe(byName.get("agent run")!.spanId);
    expect(byName.get("tool calculator")!.parentSpanId).toBe(byName.get("step 1")!.spanId);
    expect(byName.get("tool calculator")!.kind).toBe("tool");
    await store.close();
  });

  it("reads back siblings started within one millisecond in the order they started", async () => {
    const store = await openStore({ url: freshFile() });
    const tracing = createTracing({ store: store.traces });
    const names = Array.from({ length: 20 }, (_, index) => `tool ${index}`);
    const traceId = await withSpan(tracing.tracer, "step", { kind: "step" }, async () => {
      // Started in one synchronous burst, as an agent starts its parallel tool calls.
      await Promise.all(names.map((name) => withSpan(tracing.tracer, name, { kind: "tool" }, async () => undefined)));
      return activeTraceId()!;
    });
    await tracing.shutdown();
    const { spans } = (await store.traces.getTrace(traceId))!;
    expect(spans.map((span) => span.name)).toEqual(["step", ...names]);
    expect(new Set(spans.map((span) => span.startTime)).size).toBe(spans.length);
    for (const span of spans) expect(span.endTime).toBeGreaterThanOrEqual(span.startTime);
    await store.close();
  });

  it("marks errors and cancellations on the span", async () => {
    const store = await openStore({ url: freshFile() });
    const tracing = createTracing({ store: store.traces });
    await expect(withSpan(tracing.tracer, "fails", { kind: "run" }, async () => Promise.reject(new Error("it broke")))).rejects.toThrow();
    const abort = Object.assign(new Error("aborted"), { name: "AbortError" });
    await expect(withSpan(tracing.tracer, "stopped", { kind: "run" }, async () => Promise.reject(abort))).rejects.toThrow();
    await tracing.flush();
    const { traces } = await store.traces.listTraces();
    expect(Object.fromEntries(traces.map((trace) => [trace.name, [trace.status, trace.statusMessage]]))).toEqual({
      fails: ["error", "it broke"],
      stopped: ["cancelled", "cancelled"],
    });
    await tracing.shutdown();
    await store.close();
  });

  it("never stores a secret: canary keys in inputs, outputs and errors are redacted", async () => {
    const file = freshFile();
    const canary = "canary-key-6f1d2e9a8b7c";
    registerSecret(canary);
    const store = await openStore({ url: file });
    const tracing = createTracing({ store: store.traces });
    await withSpan(tracing.tracer, "run", { kind: "run", attributes: { "flywheel.input": `my key is ${canary}` } }, async (span) => {
      span.setAttribute("flywheel.output", `echo ${canary} and sk-proj-AAAAAAAAAAAAAAAAAAAAAAAA`);
      span.addEvent("note", { detail: canary });
    });
    await expect(withSpan(tracing.tracer, "fail", { kind: "run" }, async () => Promise.reject(new Error(`bad key ${canary}`)))).rejects.toThrow();
    await tracing.shutdown();
    await store.sql.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    await store.close();
    const bytes = readFileSync(file).toString("latin1");
    expect(bytes).toContain("[REDACTED]");
    expect(bytes).not.toContain(canary);
    expect(bytes).not.toContain("sk-proj-AAAA");
  });
});
