import { readFileSync } from "node:fs";
import { generateText, Output, streamText, tool, embedMany } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CancelledError,
  ContextLengthError,
  MissingApiKeyError,
  ModelCallError,
  ProviderUnreachableError,
  TimeoutError,
  UnknownModelError,
  UnknownProviderError,
} from "../src/errors/index.js";
import { runPrompt } from "../src/prompts/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { closedPort } from "./support/closed-port.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import type { FixtureOptions } from "./support/flywheel-fixture.js";
import { startProtocolServer, useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

let server: ProtocolServer;
const open: Flywheel[] = [];

useProtocolServer((started) => (server = started));
afterEach(async () => {
  await Promise.all(open.splice(0).map((flywheel) => flywheel.close()));
  server.reset();
});

async function flywheel(options?: FixtureOptions) {
  const created = await flywheelAgainst(server, options);
  open.push(created);
  return created;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable("expected a rejection"),
    (error: unknown) => error,
  );
}

describe("hosted models through the registry", () => {
  it("streams an OpenAI reply and traces it with GenAI attributes, tokens and cost", async () => {
    const fw = await flywheel();
    const deltas: string[] = [];
    const result = await runPrompt(fw, { model: "openai:gpt-4o-mini", prompt: "hello there", onText: (delta) => deltas.push(delta) });
    expect(result.text).toBe("You said: hello there");
    expect(deltas.length).toBeGreaterThan(1);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.costUsd).toBeCloseTo((result.usage.inputTokens! * 0.15 + result.usage.outputTokens! * 0.6) / 1e6, 12);
    await fw.tracing.flush();
    const detail = await fw.store.traces.getTrace(result.traceId);
    expect(detail!.summary).toMatchObject({ name: "run", status: "ok", model: "openai:gpt-4o-mini", inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens });
    const chat = detail!.spans.find((span) => span.kind === "model")!;
    expect(chat.name).toBe("chat gpt-4o-mini");
    expect(chat.attributes).toMatchObject({
      "gen_ai.system": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.usage.input_tokens": result.usage.inputTokens,
      "gen_ai.usage.output_tokens": result.usage.outputTokens,
    });
    expect(JSON.parse(chat.attributes["gen_ai.input.messages"] as string)).toEqual([{ role: "user", parts: [{ type: "text", content: "hello there" }] }]);
    expect(chat.attributes["gen_ai.output.messages"]).toContain("You said: hello there");
    expect(chat.attributes["flywheel.time_to_first_token_ms"]).toBeGreaterThan(0);
    expect(server.requests.at(-1)!.headers.authorization).toBe("Bearer test-openai-key-0001");
  });

  it("calls Anthropic's messages API with the same code path", async () => {
    const fw = await flywheel();
    const result = await runPrompt(fw, { model: "anthropic:claude-haiku-4-5", prompt: "bonjour", system: "be brief" });
    expect(result.text).toBe("You said: bonjour");
    expect(result.costUsd).toBeGreaterThan(0);
    const request = server.requests.at(-1)!;
    expect(request.path).toBe("/v1/messages");
    expect(request.headers["x-api-key"]).toBe("test-anthropic-key-0001");
  });

  it("runs tool calls and structured output through a registry model", async () => {
    const fw = await flywheel();
    const weather = tool({ description: "weather", inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => `sunny in ${city}` });
    const toolResult = await generateText({ model: fw.model("openai:tool-weather"), prompt: "weather?", tools: { weather }, maxRetries: 0 });
    expect(toolResult.toolCalls[0]).toMatchObject({ toolName: "weather", input: { city: "test" } });
    expect(toolResult.toolResults[0]!.output).toBe("sunny in test");
    const structured = await generateText({
      model: fw.model("openai:gpt-4o-mini"),
      prompt: "classify",
      output: Output.object({ schema: z.object({ sentiment: z.enum(["positive", "negative"]), score: z.number() }) }),
    });
    expect(structured.output).toEqual({ sentiment: "positive", score: 1 });
  });

  it("retries a 429 after Retry-After and records the retry on the span", async () => {
    const fw = await flywheel();
    const started = Date.now();
    const result = await runPrompt(fw, { model: "openai:flaky-429-1", prompt: "hi" });
    expect(result.text).toBe("You said: hi");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.requests.filter((request) => request.path === "/v1/chat/completions")).toHaveLength(2);
    await fw.tracing.flush();
    const chat = (await fw.store.traces.getTrace(result.traceId))!.spans.find((span) => span.kind === "model")!;
    expect(chat.events.filter((event) => event.name === "retry")).toHaveLength(1);
  });

  it("retries 5xx with backoff, then gives up with one clear error and no outer retries", async () => {
    const fw = await flywheel({ config: { requests: { maxRetries: 2 } } });
    expect((await generateText({ model: fw.model("openai:flaky-500-2"), prompt: "x" })).text).toBe("You said: x");
    server.reset();
    // generateText keeps its own default maxRetries here: the error must still be final.
    const error = await caught(generateText({ model: fw.model("openai:error-500"), prompt: "x" }));
    expect(ModelCallError.isInstance(error)).toBe(true);
    expect((error as ModelCallError).message).toContain("HTTP 500");
    expect((error as ModelCallError).attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it("times out a hanging server", async () => {
    const fw = await flywheel({ config: { requests: { timeoutMs: 300, maxRetries: 0 } } });
    const error = await caught(generateText({ model: fw.model("openai:hang"), prompt: "x" }));
    expect(TimeoutError.isInstance(error)).toBe(true);
  });

  it("maps malformed bodies, context overflow, unknown models and refused connections to clear errors", async () => {
    const fw = await flywheel({ config: { requests: { maxRetries: 0 } } });
    const malformed = await caught(generateText({ model: fw.model("openai:malformed"), prompt: "x" }));
    expect((malformed as Error).message).toContain("could not be read");
    const context = await caught(generateText({ model: fw.model("openai:context-50"), prompt: "x".repeat(400) }));
    expect(ContextLengthError.isInstance(context)).toBe(true);
    const unknown = await caught(generateText({ model: fw.model("openai:not-found"), prompt: "x" }));
    expect(UnknownModelError.isInstance(unknown)).toBe(true);
    const port = await closedPort();
    const closed = await flywheel({ env: { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, config: { requests: { maxRetries: 0 } } });
    const unreachable = await caught(generateText({ model: closed.model("openai:gpt-4o-mini"), prompt: "x" }));
    expect(ProviderUnreachableError.isInstance(unreachable)).toBe(true);
    expect((unreachable as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it("refuses input longer than the catalog's context window before calling", async () => {
    const fw = await flywheel({ config: { models: { "openai:tiny": { contextWindow: 10 } } } });
    const error = await caught(generateText({ model: fw.model("openai:tiny"), prompt: "a long prompt ".repeat(20) }));
    expect(ContextLengthError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("the model takes 10");
    expect(server.requests).toHaveLength(0);
  });

  it("says which key is missing, and an unknown provider by name", async () => {
    const fw = await flywheel({ env: { OPENAI_API_KEY: undefined } });
    const error = await caught(generateText({ model: fw.model("openai:gpt-4o-mini"), prompt: "x" }));
    expect(MissingApiKeyError.isInstance(error)).toBe(true);
    expect((error as MissingApiKeyError).hint).toContain("OPENAI_API_KEY");
    expect(server.requests).toHaveLength(0);
    expect(() => fw.model("nope:model")).toThrow(UnknownProviderError);
  });

  it("serves repeated calls from the cache when enabled, streaming included", async () => {
    const fw = await flywheel({ config: { cache: { enabled: true } } });
    const first = await runPrompt(fw, { model: "openai:gpt-4o-mini", prompt: "cache me" });
    const second = await runPrompt(fw, { model: "openai:gpt-4o-mini", prompt: "cache me" });
    expect(second.text).toBe(first.text);
    expect(second.usage).toEqual(first.usage);
    const third = await generateText({ model: fw.model("openai:gpt-4o-mini"), prompt: "cache me too" });
    const fourth = await generateText({ model: fw.model("openai:gpt-4o-mini"), prompt: "cache me too" });
    expect(fourth.text).toBe(third.text);
    expect(server.requests).toHaveLength(2);
    await fw.tracing.flush();
    const cached = (await fw.store.traces.getTrace(second.traceId))!.spans.find((span) => span.kind === "model")!;
    expect(cached.attributes["flywheel.cache.hit"]).toBe(true);
    expect(cached.costUsd).toBe(0);
    const different = await runPrompt(fw, { model: "openai:gpt-4o-mini", prompt: "cache me", temperature: 0.5 });
    expect(different.text).toBe(first.text);
    expect(server.requests).toHaveLength(3);
  });

  it("cancels mid-stream: partial text kept, span cancelled, store consistent", async () => {
    const slow = await startProtocolServer({ chunkDelayMs: 50 });
    try {
      const fw = await flywheelAgainst(slow);
      open.push(fw);
      const controller = new AbortController();
      let received = "";
      const error = await caught(
        runPrompt(fw, {
          model: "openai:gpt-4o-mini",
          prompt: "one two three four five six seven eight nine ten",
          abortSignal: controller.signal,
          onText: (delta) => {
            received += delta;
            if (received.split(" ").length >= 3) controller.abort();
          },
        }),
      );
      expect(CancelledError.isInstance(error)).toBe(true);
      expect(received.length).toBeGreaterThan(0);
      await fw.tracing.flush();
      const [trace] = (await fw.store.traces.listTraces()).traces;
      expect(trace!.status).toBe("cancelled");
      const detail = await fw.store.traces.getTrace(trace!.traceId);
      expect(detail!.spans).toHaveLength(2);
      const chat = detail!.spans.find((span) => span.kind === "model")!;
      expect(chat.status).toBe("cancelled");
      expect(String(chat.attributes["gen_ai.output.messages"])).toContain("You said");
    } finally {
      await slow.close();
    }
  });

  it("traces embeddings with token counts and cost", async () => {
    const fw = await flywheel();
    const { embeddings } = await embedMany({ model: fw.embeddingModel("openai:text-embedding-3-small"), values: ["a cat", "a dog"] });
    expect(embeddings).toHaveLength(2);
    await fw.tracing.flush();
    const [trace] = (await fw.store.traces.listTraces()).traces;
    expect(trace).toMatchObject({ name: "embeddings text-embedding-3-small", model: "openai:text-embedding-3-small" });
    expect(trace!.inputTokens).toBeGreaterThan(0);
  });

  it("keeps API keys out of the store, even when calls fail", async () => {
    const canary = "sk-canary-7d3f9b2c1e4a5f6b8c9d";
    const fw = await flywheel({ env: { OPENAI_API_KEY: canary }, config: { requests: { maxRetries: 0 } } });
    await runPrompt(fw, { model: "openai:gpt-4o-mini", prompt: `my key is ${canary}` });
    const errors = await Promise.all(
      ["openai:error-400", "openai:error-500", "openai:malformed"].map((model) => caught(runPrompt(fw, { model, prompt: "x" }))),
    );
    await fw.tracing.flush();
    await fw.store.sql.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const file = fw.config.storeUrl;
    await fw.close();
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${canary}`);
    const bytes = readFileSync(file).toString("latin1");
    expect(bytes).not.toContain(canary);
    for (const error of errors) expect(JSON.stringify({ message: (error as Error).message, hint: (error as { hint?: string }).hint })).not.toContain(canary);
  });

  it("streams with streamText directly, as library users do", async () => {
    const fw = await flywheel();
    const result = streamText({ model: fw.model("anthropic:claude-sonnet-4-5"), prompt: "stream me" });
    let text = "";
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe("You said: stream me");
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });
});
