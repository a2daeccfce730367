import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../store/index.js";
import { FlywheelAttributes } from "./attributes.js";
import { withTraceLabels } from "./trace-labels.js";
import { activeTraceId, createTracing, withSpan } from "./tracing.js";

const freshFile = () => path.join(mkdtempSync(path.join(tmpdir(), "flywheel-labels-")), "flywheel.db");

describe("withTraceLabels", () => {
  it("labels the first spans started inside it; inner labels add tags and win for the rest", async () => {
    const store = await openStore({ url: freshFile() });
    const tracing = createTracing({ store: store.traces });
    const labelled = (name: string) => withSpan(tracing.tracer, name, { kind: "run" }, async () => {
      await withSpan(tracing.tracer, `${name} child`, { kind: "step" }, async () => undefined);
      return activeTraceId()!;
    });
    const [first, second] = await withTraceLabels({ tags: ["support"], promptName: "triage", conversationId: "c-1" }, async () => [
      await labelled("first"),
      await withTraceLabels({ tags: ["urgent", "support"], promptName: "escalate", promptFile: "prompts/escalate.prompt.md" }, () => labelled("second")),
    ]);
    const plain = await labelled("plain");
    await tracing.shutdown();
    const attributesOf = async (traceId: string, name: string) => (await store.traces.getTrace(traceId))!.spans.find((span) => span.name === name)!.attributes;
    expect(await attributesOf(first!, "first")).toMatchObject({ [FlywheelAttributes.tags]: ["support"], [FlywheelAttributes.promptName]: "triage", [FlywheelAttributes.conversationId]: "c-1" });
    expect(await attributesOf(second!, "second")).toMatchObject({
      [FlywheelAttributes.tags]: ["support", "urgent"],
      [FlywheelAttributes.promptName]: "escalate",
      [FlywheelAttributes.promptFile]: "prompts/escalate.prompt.md",
      [FlywheelAttributes.conversationId]: "c-1",
    });
    expect(await attributesOf(first!, "first child")).not.toHaveProperty(FlywheelAttributes.tags);
    expect(await attributesOf(plain, "plain")).not.toHaveProperty(FlywheelAttributes.tags);
    await store.close();
  });

  it("labels spans started directly under the span active where it is called", async () => {
    const store = await openStore({ url: freshFile() });
    const tracing = createTracing({ store: store.traces });
    const traceId = await withSpan(tracing.tracer, "outer", { kind: "run" }, async () => {
      await withTraceLabels({ tags: ["inner"] }, () => withSpan(tracing.tracer, "inner", { kind: "step" }, async () => undefined));
      return activeTraceId()!;
    });
    await tracing.shutdown();
    const spans = (await store.traces.getTrace(traceId))!.spans;
    expect(spans.find((span) => span.name === "inner")!.attributes[FlywheelAttributes.tags]).toEqual(["inner"]);
    expect(spans.find((span) => span.name === "outer")!.attributes).not.toHaveProperty(FlywheelAttributes.tags);
    await store.close();
  });

  it("refuses a tag with a space or a comma", () => {
    expect(() => withTraceLabels({ tags: ["two words"] }, () => undefined)).toThrow(/invalid tag "two words"/);
    expect(() => withTraceLabels({ tags: ["a,b"] }, () => undefined)).toThrow(/invalid tag "a,b"/);
  });
});
