import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { APICallError, JSONParseError, Output, embedMany, generateText, isStepCount, streamText, tool } from "ai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { minimalInstance, startProtocolServer } from "./index.js";
import type { ProtocolServer } from "./index.js";

let server: ProtocolServer;
let openai: ReturnType<typeof createOpenAI>;
let anthropic: ReturnType<typeof createAnthropic>;
let compatible: ReturnType<typeof createOpenAICompatible>;

beforeAll(async () => {
  server = await startProtocolServer();
  openai = createOpenAI({ baseURL: server.openaiBaseURL, apiKey: "test-key" });
  anthropic = createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: "test-key" });
  compatible = createOpenAICompatible({
    name: "local",
    baseURL: server.openaiBaseURL,
    apiKey: "test-key",
    includeUsage: true,
    supportsStructuredOutputs: true,
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
});

const weatherTool = tool({
  description: "Current weather in a city",
  inputSchema: z.object({ city: z.string(), unit: z.enum(["celsius", "fahrenheit"]), days: z.number().int().min(3).optional() }),
  execute: async ({ city, unit }) => `21 degrees ${unit} in ${city}`,
});

const recipeSchema = z.object({
  name: z.string(),
  servings: z.number().int().min(2),
  vegan: z.boolean(),
  tags: z.array(z.string()),
  contact: z.object({ email: z.email() }),
});

async function rejectionOf(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

async function apiCallErrorOf(promise: Promise<unknown>): Promise<APICallError> {
  const error = await rejectionOf(promise);
  if (!APICallError.isInstance(error)) throw new Error(`expected an APICallError, got ${String(error)}`);
  return error;
}

describe("protocol server: text", () => {
  it("echoes the last user message through the OpenAI chat client, with usage and the API key recorded", async () => {
    const result = await generateText({ model: openai.chat("gpt-4o-mini"), system: "Be brief.", prompt: "hello there", maxRetries: 0 });
    expect(result.text).toBe("You said: hello there");
    expect(result.finishReason).toBe("stop");
    // "Be brief." + "hello there" = 20 characters → 5 tokens; 4 words out.
    expect(result.usage.inputTokens).toBe(5);
    expect(result.usage.outputTokens).toBe(4);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe("/v1/chat/completions");
    expect(server.requests[0]?.headers.authorization).toBe("Bearer test-key");
  });

  it("streams one OpenAI chunk per word and ends with a usage chunk", async () => {
    const result = streamText({ model: openai.chat("gpt-4o-mini"), prompt: "stream these words", maxRetries: 0 });
    const chunks: string[] = [];
    for await (const chunk of result.textStream) chunks.push(chunk);
    expect(chunks).toEqual(["You", " said:", " stream", " these", " words"]);
    expect((await result.usage).outputTokens).toBe(5);
    expect((await result.usage).inputTokens).toBe(5);
  });

  it("answers the Anthropic messages client, streamed and not, and records x-api-key", async () => {
    const model = anthropic("claude-sonnet-4-5");
    const generated = await generateText({ model, prompt: "hi claude", maxRetries: 0 });
    expect(generated.text).toBe("You said: hi claude");
    expect(generated.usage).toMatchObject({ inputTokens: 3, outputTokens: 4 });
    expect(server.requests[0]?.path).toBe("/v1/messages");
    expect(server.requests[0]?.headers["x-api-key"]).toBe("test-key");

    const streamed = streamText({ model, prompt: "hi claude", maxRetries: 0 });
    const chunks: string[] = [];
    for await (const chunk of streamed.textStream) chunks.push(chunk);
    expect(chunks).toEqual(["You", " said:", " hi", " claude"]);
    expect(await streamed.finishReason).toBe("stop");
    expect((await streamed.usage).outputTokens).toBe(4);
  });

  it("answers the OpenAI-compatible client", async () => {
    const generated = await generateText({ model: compatible.chatModel("any-local-model"), prompt: "compatible", maxRetries: 0 });
    expect(generated.text).toBe("You said: compatible");
    const streamed = streamText({ model: compatible.chatModel("any-local-model"), prompt: "compatible", maxRetries: 0 });
    expect(await streamed.text).toBe("You said: compatible");
    expect((await streamed.usage).totalTokens).toBe(3 + 3);
  });

  it("cuts text at max tokens (finish: length) and before stop sequences", async () => {
    const long = await generateText({ model: openai.chat("gpt-4o-mini"), prompt: "one two three four", maxOutputTokens: 3, maxRetries: 0 });
    expect(long.text).toBe("You said: one");
    expect(long.finishReason).toBe("length");

    const stopped = await generateText({ model: openai.chat("gpt-4o-mini"), prompt: "one two STOP three", stopSequences: ["STOP"], maxRetries: 0 });
    expect(stopped.text).toBe("You said: one two ");
    expect(stopped.finishReason).toBe("stop");

    const anthropicLong = streamText({ model: anthropic("claude-sonnet-4-5"), prompt: "one two three", maxOutputTokens: 2, maxRetries: 0 });
    expect(await anthropicLong.text).toBe("You said:");
    expect(await anthropicLong.finishReason).toBe("length");

    const anthropicStopped = await generateText({ model: anthropic("claude-sonnet-4-5"), prompt: "a b STOP c", stopSequences: ["STOP"], maxRetries: 0 });
    expect(anthropicStopped.text).toBe("You said: a b ");
    expect(anthropicStopped.finishReason).toBe("stop");
    expect(anthropicStopped.providerMetadata?.anthropic?.stopSequence).toBe("STOP");
  });
});

describe("protocol server: tools", () => {
  it("calls the tool a tool-<name> model names, then answers with the tool result (OpenAI, generate)", async () => {
    const result = await generateText({
      model: openai.chat("tool-get_weather"),
      tools: { get_weather: weatherTool },
      stopWhen: isStepCount(3),
      prompt: "weather?",
      maxRetries: 0,
    });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]?.toolCalls[0]).toMatchObject({ toolName: "get_weather", input: { city: "test", unit: "celsius" } });
    expect(result.steps[0]?.finishReason).toBe("tool-calls");
    expect(result.text).toBe("Tool result: 21 degrees celsius in test");
  });

  it("streams tool calls with partial JSON arguments (OpenAI and Anthropic)", async () => {
    for (const model of [openai.chat("tool-get_weather"), anthropic("tool-get_weather")]) {
      const result = streamText({ model, tools: { get_weather: weatherTool }, stopWhen: isStepCount(3), prompt: "weather?", maxRetries: 0 });
      expect(await result.text).toBe("Tool result: 21 degrees celsius in test");
      const steps = await result.steps;
      expect(steps[0]?.toolCalls[0]?.input).toEqual({ city: "test", unit: "celsius" });
    }
  });

  it("runs a scripted tool conversation through the Anthropic client", async () => {
    server.script("agent", (request) => {
      const last = request.messages.at(-1);
      if (last?.role === "tool") return { text: `The weather: ${last.content}` };
      return { text: "Let me check.", toolCalls: [{ name: "get_weather", arguments: { city: "Paris", unit: "celsius" } }] };
    });
    const result = await generateText({
      model: anthropic("agent"),
      tools: { get_weather: weatherTool },
      stopWhen: isStepCount(3),
      prompt: "weather in Paris?",
      maxRetries: 0,
    });
    expect(result.steps[0]?.text).toBe("Let me check.");
    expect(result.text).toBe("The weather: 21 degrees celsius in Paris");
    const second = server.requests[1]?.body as { messages: { role: string; content: unknown }[] };
    expect(JSON.stringify(second.messages)).toContain("tool_result");
  });

  it("gives script handlers the normalised request and a per-model call index", async () => {
    const seen: { callIndex: number; tools: string[]; stream: boolean }[] = [];
    server.script("scripted", (request) => {
      seen.push({ callIndex: request.callIndex, tools: request.tools.map((offered) => offered.name), stream: request.stream });
      return request.callIndex === 0 ? { text: "first", usage: { inputTokens: 100, outputTokens: 7 } } : undefined;
    });
    const first = await generateText({ model: openai.chat("scripted"), tools: { get_weather: weatherTool }, prompt: "x", maxRetries: 0 });
    expect(first.text).toBe("first");
    expect(first.usage).toMatchObject({ inputTokens: 100, outputTokens: 7 });
    const second = streamText({ model: openai.chat("scripted"), prompt: "again", maxRetries: 0 });
    expect(await second.text).toBe("You said: again");
    expect(seen).toEqual([
      { callIndex: 0, tools: ["get_weather"], stream: false },
      { callIndex: 1, tools: [], stream: true },
    ]);
  });
});

describe("protocol server: structured output", () => {
  it("answers Output.object with a minimal instance of the schema on every client", async () => {
    const expected = { name: "test", servings: 2, vegan: true, tags: [], contact: { email: "test@example.com" } };
    const models = [openai.chat("gpt-4o-mini"), anthropic("claude-sonnet-4-5"), anthropic("custom-model"), compatible.chatModel("local")];
    for (const model of models) {
      const result = await generateText({ model, output: Output.object({ schema: recipeSchema }), prompt: "a recipe", maxRetries: 0 });
      expect(result.output).toEqual(expected);
    }
    // claude-sonnet-4-5 gets native output_config; an unknown model gets the forced `json` tool.
    const bodies = server.requests.map((request) => request.body as Record<string, unknown>);
    expect(bodies[0]?.response_format).toMatchObject({ type: "json_schema" });
    expect(bodies[1]?.output_config).toMatchObject({ format: { type: "json_schema" } });
    expect(bodies[2]?.tool_choice).toMatchObject({ type: "any" });
  });

  it("streams structured output", async () => {
    for (const model of [openai.chat("gpt-4o-mini"), anthropic("custom-model")]) {
      const result = streamText({ model, output: Output.object({ schema: recipeSchema }), prompt: "a recipe", maxRetries: 0 });
      expect(await result.output).toMatchObject({ name: "test", servings: 2 });
    }
  });
});

describe("protocol server: failures", () => {
  it("answers flaky-429-<n> with 429 and Retry-After, then succeeds", async () => {
    const error = await apiCallErrorOf(generateText({ model: openai.chat("flaky-429-1"), prompt: "hi", maxRetries: 0 }));
    expect(error.statusCode).toBe(429);
    expect(error.isRetryable).toBe(true);
    expect(error.responseHeaders?.["retry-after"]).toBe("1");
    expect(error.data).toMatchObject({ error: { code: "rate_limit_exceeded" } });
    const retried = await generateText({ model: openai.chat("flaky-429-1"), prompt: "hi", maxRetries: 0 });
    expect(retried.text).toBe("You said: hi");
  });

  it("answers Anthropic overloaded (529) and rate limit errors in Anthropic's shape", async () => {
    const overloaded = await apiCallErrorOf(generateText({ model: anthropic("flaky-529-1"), prompt: "hi", maxRetries: 0 }));
    expect(overloaded.statusCode).toBe(529);
    expect(overloaded.message).toBe("Overloaded");
    const limited = await apiCallErrorOf(generateText({ model: anthropic("flaky-429-1"), prompt: "hi", maxRetries: 0 }));
    expect(limited.data).toMatchObject({ type: "error", error: { type: "rate_limit_error" } });
  });

  it("answers error-500, error-400 and not-found", async () => {
    const serverError = await apiCallErrorOf(generateText({ model: openai.chat("error-500"), prompt: "hi", maxRetries: 0 }));
    expect(serverError.statusCode).toBe(500);
    expect(serverError.isRetryable).toBe(true);
    const badRequest = await apiCallErrorOf(generateText({ model: anthropic("error-400"), prompt: "hi", maxRetries: 0 }));
    expect(badRequest.statusCode).toBe(400);
    expect(badRequest.isRetryable).toBe(false);
    const missing = await apiCallErrorOf(generateText({ model: openai.chat("not-found"), prompt: "hi", maxRetries: 0 }));
    expect(missing.statusCode).toBe(404);
    expect(missing.message).toBe("The model `not-found` does not exist or you do not have access to it.");
  });

  it("answers context-<n> with the provider's context-length error when the prompt is too long", async () => {
    const short = await generateText({ model: openai.chat("context-50"), prompt: "short", maxRetries: 0 });
    expect(short.text).toBe("You said: short");
    const error = await apiCallErrorOf(generateText({ model: openai.chat("context-50"), prompt: "x".repeat(51), maxRetries: 0 }));
    expect(error.statusCode).toBe(400);
    expect(error.data).toMatchObject({ error: { code: "context_length_exceeded" } });
    expect(error.message).toMatch(/^This model's maximum context length is 12 tokens\. However, your messages resulted in 13 tokens/);
    const anthropicError = await apiCallErrorOf(generateText({ model: anthropic("context-50"), prompt: "x".repeat(51), maxRetries: 0 }));
    expect(anthropicError.message).toBe("prompt is too long: 13 tokens > 12 maximum");
  });

  it("hangs until the client aborts, and close() still resolves promptly", async () => {
    const own = await startProtocolServer();
    const model = createOpenAI({ baseURL: own.openaiBaseURL, apiKey: "test-key" }).chat("hang");
    const started = Date.now();
    const error = await rejectionOf(generateText({ model, prompt: "hi", maxRetries: 0, abortSignal: AbortSignal.timeout(300) }));
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toMatch(/AbortError|TimeoutError/);
    expect(Date.now() - started).toBeLessThan(2000);

    void generateText({ model, prompt: "never answered", maxRetries: 0 }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = Date.now();
    await own.close();
    expect(Date.now() - closing).toBeLessThan(500);
  });

  it("sends malformed JSON bodies and broken stream chunks", async () => {
    for (const model of [openai.chat("malformed"), anthropic("malformed")]) {
      const generated = await apiCallErrorOf(generateText({ model, prompt: "hi", maxRetries: 0 }));
      expect(generated.message).toBe("Invalid JSON response");
      const errors: unknown[] = [];
      const streamed = streamText({ model, prompt: "hi", maxRetries: 0, onError: ({ error }) => void errors.push(error) });
      await Promise.resolve(streamed.text).catch(() => undefined);
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((error) => JSONParseError.isInstance(error))).toBe(true);
    }
  });

  it("returns 400 for a body that is not JSON and 404 for an unknown route", async () => {
    const badJson = await fetch(`${server.openaiBaseURL}/chat/completions`, { method: "POST", body: "{not json" });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { type: "invalid_request_error" } });
    const invalid = await fetch(`${server.anthropicBaseURL}/messages`, { method: "POST", body: JSON.stringify({ model: "m" }) });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    const unknown = await fetch(`${server.url}/v1/nowhere`);
    expect(unknown.status).toBe(404);
  });
});

describe("protocol server: embeddings, models and timing", () => {
  it("embeds deterministically into unit vectors of 16 dimensions, or the requested number", async () => {
    const model = openai.embedding("text-embedding-3-small");
    const first = await embedMany({ model, values: ["alpha", "beta", "alpha"], maxRetries: 0 });
    expect(first.embeddings).toHaveLength(3);
    expect(first.embeddings[0]).toHaveLength(16);
    expect(first.embeddings[0]).toEqual(first.embeddings[2]);
    expect(first.embeddings[0]).not.toEqual(first.embeddings[1]);
    const length = Math.hypot(...(first.embeddings[1] ?? []));
    expect(length).toBeCloseTo(1, 10);
    // ceil(5/4) + ceil(4/4) + ceil(5/4)
    expect(first.usage.tokens).toBe(5);
    const wide = await embedMany({ model, values: ["alpha"], maxRetries: 0, providerOptions: { openai: { dimensions: 64 } } });
    expect(wide.embeddings[0]).toHaveLength(64);
  });

  it("lists models", async () => {
    const response = await fetch(`${server.openaiBaseURL}/models`);
    expect(await response.json()).toMatchObject({ object: "list", data: expect.arrayContaining([expect.objectContaining({ id: "gpt-4o-mini" })]) });
  });

  it("lists the models it was started with, and a model added between two requests", async () => {
    const own = await startProtocolServer({ models: ["first"] });
    try {
      const ids = async (headers: Record<string, string> = {}) => ((await (await fetch(`${own.openaiBaseURL}/models`, { headers })).json()) as { data: { id: string }[] }).data.map((model) => model.id);
      expect(await ids()).toEqual(["first"]);
      own.models.push("second");
      expect(await ids()).toEqual(["first", "second"]);
      expect(await ids({ "anthropic-version": "2023-06-01" })).toEqual(["first", "second"]);
    } finally {
      await own.close();
    }
  });

  it("waits latencyMs before every response, slow-<ms> before answering, and chunkDelayMs between chunks", async () => {
    const own = await startProtocolServer({ latencyMs: 30, chunkDelayMs: 10 });
    try {
      const model = createOpenAI({ baseURL: own.openaiBaseURL, apiKey: "test-key" });
      let started = performance.now();
      await generateText({ model: model.chat("gpt-4o-mini"), prompt: "hi", maxRetries: 0 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(29);

      started = performance.now();
      await generateText({ model: model.chat("slow-100"), prompt: "hi", maxRetries: 0 });
      expect(performance.now() - started).toBeGreaterThanOrEqual(129);

      started = performance.now();
      const result = streamText({ model: model.chat("gpt-4o-mini"), prompt: "one two three", maxRetries: 0 });
      expect(await result.text).toBe("You said: one two three");
      // 30 ms latency, then 5 words + finish + usage + [DONE] = 8 frames, 7 gaps of 10 ms.
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    } finally {
      await own.close();
    }
  });

  it("stops streaming when the client disconnects and keeps serving", async () => {
    const own = await startProtocolServer({ chunkDelayMs: 20 });
    try {
      const model = createOpenAI({ baseURL: own.openaiBaseURL, apiKey: "test-key" }).chat("gpt-4o-mini");
      const controller = new AbortController();
      const result = streamText({ model, prompt: "a b c d e f g h", maxRetries: 0, abortSignal: controller.signal });
      for await (const chunk of result.textStream) {
        expect(chunk).toBe("You");
        controller.abort();
      }
      const next = await generateText({ model, prompt: "still here", maxRetries: 0 });
      expect(next.text).toBe("You said: still here");
    } finally {
      await own.close();
    }
  });
});

describe("minimalInstance", () => {
  it("fills required properties with the smallest valid values", () => {
    expect(
      minimalInstance({
        type: "object",
        properties: {
          text: { type: "string", minLength: 6 },
          count: { type: "integer", exclusiveMinimum: 4 },
          ratio: { type: "number", maximum: 0.5 },
          flag: { type: "boolean" },
          choice: { enum: ["b", "a"] },
          when: { type: "string", format: "date-time" },
          maybe: { anyOf: [{ type: "null" }, { type: "string" }] },
          list: { type: "array", items: { type: "number" }, minItems: 2 },
          nested: { $ref: "#/$defs/inner" },
          optional: { type: "string" },
        },
        required: ["text", "count", "ratio", "flag", "choice", "when", "maybe", "list", "nested"],
        $defs: { inner: { type: "object", properties: { id: { type: "string", format: "uuid" } }, required: ["id"] } },
      }),
    ).toEqual({
      text: "testtt",
      count: 5,
      ratio: 0.5,
      flag: true,
      choice: "b",
      when: "2024-01-01T00:00:00Z",
      maybe: "test",
      list: [1, 1],
      nested: { id: "00000000-0000-4000-8000-000000000000" },
    });
  });

  it("reads constraints that @ai-sdk/anthropic moved into descriptions", () => {
    expect(minimalInstance({ type: "integer", description: "How many.\nminimum: 3; maximum: 9." })).toBe(3);
    expect(minimalInstance({ type: "string", description: "min length: 5." })).toBe("testt");
    expect(minimalInstance({ type: "number", description: "exclusive minimum: 2.5." })).toBe(3);
  });
});
