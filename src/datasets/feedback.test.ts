import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, UsageError } from "../errors/index.js";
import { registerSecret } from "../secrets/index.js";
import { openStore } from "../store/index.js";
import type { Store } from "../store/index.js";
import { runTrace } from "../../test/support/span-factory.js";
import { addFeedback } from "./feedback.js";

let store: Store;
let traceId: string;

beforeEach(async () => {
  store = await openStore({ url: path.join(mkdtempSync(path.join(tmpdir(), "flywheel-feedback-")), "f.db") });
  const spans = runTrace({ model: "openai:gpt-4o-mini", startTime: Date.now(), input: "q", inputTokens: 1, outputTokens: 1, costUsd: 0 });
  await store.traces.writeSpans(spans);
  traceId = spans[0]!.traceId;
});
afterEach(async () => store.close());

describe("addFeedback", () => {
  it("stores a label as a score and resolves a trace id prefix", async () => {
    const record = await addFeedback(store, { traceId: traceId.slice(0, 8), label: "bad", note: "too long", author: "ana" });
    expect(record).toMatchObject({ traceId, label: "bad", score: 0, note: "too long", author: "ana" });
    expect(await store.feedback.list({ traceId })).toHaveLength(1);
  });

  it("refuses feedback on a trace that does not exist, or with nothing in it", async () => {
    await expect(addFeedback(store, { traceId: "abcdef123456", score: 1 })).rejects.toThrow(NotFoundError);
    await expect(addFeedback(store, { traceId })).rejects.toThrow(UsageError);
    await expect(addFeedback(store, { traceId, score: 1.5 })).rejects.toThrow(/0 to 1|<=1|too big/i);
  });

  it("scrubs secrets from corrections and notes", async () => {
    registerSecret("canary-feedback-secret-99");
    const record = await addFeedback(store, { traceId, correction: "use canary-feedback-secret-99", note: "sk-proj-ZZZZZZZZZZZZZZZZZZZZZZZZ" });
    expect(record.correction).toBe("use [REDACTED]");
    expect(record.note).toBe("[REDACTED]");
  });
});
