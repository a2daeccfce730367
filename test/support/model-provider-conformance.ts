import { generateText, Output, streamText, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { UnknownModelError } from "../../src/errors/index.js";
import { runPrompt } from "../../src/prompts/index.js";
import type { Flywheel } from "../../src/runtime/index.js";

/** One provider kind under test: how to open a runtime that reaches it, and which models to call. */
export interface ProviderUnderTest {
  /** Opens a runtime whose registry serves the models below. */
  open(): Promise<Flywheel>;
  /** A chat model that answers prompts, with a price in the catalog (zero for embedded models). */
  chat: string;
  /** A model that calls the offered tool `getWeather` when a tool call is required. */
  tools: string;
  /** A model id of this provider that does not exist. */
  missing: string;
  /** Output tokens allowed per call: small for embedded models, so the suite stays quick. */
  maxOutputTokens: number;
}

/**
 * The behaviour every model provider must show through the registry: text, streaming, tool
 * calls, structured output, usage and cost on the trace, and a clear error for a missing model.
 * Each provider kind's test calls this with its setup.
 */
export function describeModelProviderConformance(label: string, provider: ProviderUnderTest): void {
  describe(`Model provider conformance: ${label}`, () => {
    let flywheel: Flywheel;
    beforeAll(async () => {
      flywheel = await provider.open();
    });
    afterAll(async () => {
      await flywheel.close();
    });

    it("answers a prompt with text and counts its tokens within the output limit", async () => {
      const result = await generateText({ model: flywheel.model(provider.chat), prompt: "Say hello to Ada.", maxOutputTokens: provider.maxOutputTokens, maxRetries: 0 });
      expect(result.text.trim()).not.toBe("");
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeLessThanOrEqual(provider.maxOutputTokens);
    });

    it("streams deltas that add up to the text it finishes with", async () => {
      const result = streamText({ model: flywheel.model(provider.chat), prompt: "Count from one to five.", maxOutputTokens: provider.maxOutputTokens, maxRetries: 0 });
      const deltas: string[] = [];
      for await (const delta of result.textStream) deltas.push(delta);
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join("")).toBe(await result.text);
      expect((await result.usage).outputTokens).toBeGreaterThan(0);
    });

    it("calls an offered tool with input that matches the tool's schema", async () => {
      const inputSchema = z.object({ city: z.string() });
      const result = await generateText({
        model: flywheel.model(provider.tools),
        prompt: "What is the weather in Paris?",
        maxOutputTokens: provider.maxOutputTokens,
        toolChoice: "required",
        tools: { getWeather: tool({ description: "Get the current weather for a city", inputSchema }) },
        maxRetries: 0,
      });
      expect(result.finishReason).toBe("tool-calls");
      expect(result.toolCalls.map((call) => call.toolName)).toEqual(["getWeather"]);
      expect(inputSchema.safeParse(result.toolCalls[0]!.input).success).toBe(true);
    });

    it("returns structured output that parses against the schema", async () => {
      const schema = z.object({ sentiment: z.enum(["positive", "negative"]) });
      const result = await generateText({
        model: flywheel.model(provider.chat),
        prompt: "Classify the sentiment of this review as JSON: I love this kettle.",
        maxOutputTokens: provider.maxOutputTokens,
        output: Output.object({ schema }),
        maxRetries: 0,
      });
      expect(schema.safeParse(result.output).success).toBe(true);
    });

    it("records usage and the catalog price's cost on the result and the trace", async () => {
      const price = flywheel.models.info(provider.chat).price;
      expect(price).toBeDefined();
      const result = await runPrompt(flywheel, { model: provider.chat, prompt: "Name a colour.", maxTokens: provider.maxOutputTokens });
      const { inputTokens, outputTokens } = result.usage;
      expect(inputTokens).toBeGreaterThan(0);
      expect(outputTokens).toBeGreaterThan(0);
      expect(result.costUsd).toBeCloseTo((inputTokens! * price!.input + outputTokens! * price!.output) / 1e6, 12);
      await flywheel.tracing.flush();
      const trace = await flywheel.store.traces.getTrace(result.traceId);
      expect(trace!.summary).toMatchObject({ status: "ok", model: provider.chat, inputTokens, outputTokens });
      expect(trace!.summary.costUsd).toBeCloseTo(result.costUsd!, 12);
    });

    it("reports a model it does not have as an unknown model, with a hint", async () => {
      const error = await (async () => generateText({ model: flywheel.model(provider.missing), prompt: "x", maxOutputTokens: 4, maxRetries: 0 }))().then(
        () => expect.unreachable("expected a rejection"),
        (caught: unknown) => caught,
      );
      expect(UnknownModelError.isInstance(error)).toBe(true);
      expect((error as UnknownModelError).hint).toBeTruthy();
    });
  });
}
