import { generateText, streamText } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

let server: ProtocolServer;
const open: Flywheel[] = [];

useProtocolServer((started) => (server = started));
afterEach(async () => {
  await Promise.all(open.splice(0).map((flywheel) => flywheel.close()));
  server.reset();
});

// A price for the misbehaving model names, so cost is computed from their usage.
const priced = {
  "openai:usage-negative": { price: { input: 1, output: 2 } },
  "openai:usage-missing": { price: { input: 1, output: 2 } },
  "openai:absurd-usage": { price: { input: 1, output: 2 }, contextWindow: 8000 },
};

async function flywheel() {
  const created = await flywheelAgainst(server, { config: { models: priced } });
  open.push(created);
  return created;
}

async function modelSpanOf(fw: Flywheel) {
  await fw.tracing.flush();
  const page = await fw.store.traces.listTraces({});
  const detail = await fw.store.traces.getTrace(page.traces[0]!.traceId);
  return detail!.spans.find((span) => span.kind === "model")!;
}

describe("usage a provider reports", () => {
  for (const stream of [false, true]) {
    const how = stream ? "streamed" : "not streamed";
    it(`replaces negative token counts with an estimate from the text, so cost is never negative (${how})`, async () => {
      const fw = await flywheel();
      const prompt = "count me ".repeat(40);
      const options = { model: fw.model("openai:usage-negative"), prompt };
      const result = stream ? streamText(options) : await generateText(options);
      const usage = await result.usage;
      expect(await result.text).toMatch(/^You said: count me/);
      expect(usage.inputTokens).toBe(Math.ceil(prompt.length / 4));
      expect(usage.outputTokens).toBeGreaterThan(0);
      const span = await modelSpanOf(fw);
      expect(span.inputTokens).toBe(usage.inputTokens);
      expect(span.costUsd).toBeGreaterThan(0);
    });

    it(`estimates missing usage from the text (${how})`, async () => {
      const fw = await flywheel();
      const options = { model: fw.model("openai:usage-missing"), prompt: "hello there, how are you today?" };
      const result = stream ? streamText(options) : await generateText(options);
      const usage = await result.usage;
      expect(usage.inputTokens).toBeGreaterThan(0);
      expect(usage.outputTokens).toBe(Math.ceil((await result.text).length / 4));
      expect((await modelSpanOf(fw)).costUsd).toBeGreaterThan(0);
    });

    it(`cuts off a provider that ignores max tokens, with finish reason length (${how})`, async () => {
      const fw = await flywheel();
      const options = { model: fw.model("openai:ignore-max-tokens"), prompt: "go on", maxOutputTokens: 20 };
      const result = stream ? streamText(options) : await generateText(options);
      const text = await result.text;
      expect(await result.finishReason).toBe("length");
      expect(text.startsWith("You said: go on more more")).toBe(true);
      expect(text.length).toBeLessThanOrEqual(20 * 6);
      expect(server.requests.at(-1)!.body).toMatchObject({ max_tokens: 20 });
    });
  }

  it("replaces counts past the context window, fewer than the text holds, or not finite", async () => {
    const fw = await flywheel();
    const model = fw.model("openai:absurd-usage");
    server.script("absurd-usage", () => ({ text: "word ".repeat(100), usage: { inputTokens: 5_000_000_000, outputTokens: 1 } }));
    const absurd = await generateText({ model, prompt: "say it" });
    expect(absurd.usage).toMatchObject({ inputTokens: 2, outputTokens: 125 });
    // Not finite: JSON sends null, read as no count.
    server.script("absurd-usage", () => ({ text: "fine ".repeat(10), usage: { inputTokens: Number.NaN, outputTokens: Number.POSITIVE_INFINITY } }));
    const notFinite = await generateText({ model, prompt: "say it" });
    expect(notFinite.usage).toMatchObject({ inputTokens: 2, outputTokens: 13 });
  });

  it("keeps a believable count as the provider reported it", async () => {
    const fw = await flywheel();
    const result = await generateText({ model: fw.model("openai:gpt-4o-mini"), prompt: "hello there" });
    // The protocol server counts a token per word: "You said: hello there" is 4.
    expect(result.usage.outputTokens).toBe(4);
  });
});
