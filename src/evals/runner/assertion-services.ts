import { createHash } from "node:crypto";
import { embedMany, generateText, Output } from "ai";
import type { JSONSchema7, LanguageModelUsage } from "ai";
import type { Flywheel } from "../../runtime/index.js";
import type { AssertionServices } from "../assertions/assertion-types.js";
import type { ScriptRunner } from "../assertions/script-runner.js";
import type { TemplateRenderer } from "../templates/index.js";

/** Options for `createAssertionServices`. */
export interface AssertionServicesOptions {
  flywheel: Flywheel;
  baseDir: string;
  signal: AbortSignal;
  scriptTimeoutMs: number;
  grader: string;
  embedder: string;
  /** The default grader asked for a JSON object on verdict requests (promptfoo's OpenAI default grader), if any. */
  jsonObjectGrader?: string;
  cache: boolean;
  scripts: ScriptRunner;
  templates: TemplateRenderer;
  /** Told what each grader call used, e.g. to count what online checks spend. */
  onUsage?: (modelId: string, usage: LanguageModelUsage) => void;
}

/**
 * The verdict an embedded grader is held to by a grammar, so every reply parses (a tiny
 * model asked in words mostly does not answer in JSON). The reason is kept short so the
 * reply ends within the token limit; the score is one of five steps so it cannot ramble.
 */
const verdictSchema: JSONSchema7 = {
  type: "object",
  properties: { reason: { type: "string", maxLength: 200 }, pass: { type: "boolean" }, score: { enum: [0, 0.25, 0.5, 0.75, 1] } },
  required: ["reason", "pass", "score"],
  additionalProperties: false,
};

/**
 * Graders and embedders for assertions, through the model layer (traced, cached,
 * retried once there). Embeddings are memoised for the run (a reference text shared by
 * every variant is embedded once) and, with the cache on, kept in the response cache,
 * so an unchanged re-run embeds nothing.
 */
export function createAssertionServices(options: AssertionServicesOptions): AssertionServices {
  const { flywheel } = options;
  const vectors = new Map<string, Promise<number[]>>();
  const cacheKey = (modelId: string, text: string) => createHash("sha256").update(`embed\u0000${modelId}\u0000${text}`).digest("hex");
  const embedCached = async (modelId: string, texts: string[]): Promise<number[][]> => {
    const found = options.cache ? await Promise.all(texts.map((text) => flywheel.store.cache.get(cacheKey(modelId, text)) as Promise<number[] | undefined>)) : texts.map(() => undefined);
    const absent = texts.filter((_, index) => found[index] === undefined);
    if (absent.length > 0) {
      const { embeddings } = await embedMany({ model: flywheel.embeddingModel(modelId), values: absent, maxRetries: 0, abortSignal: options.signal });
      absent.forEach((text, index) => {
        found[texts.indexOf(text)] = embeddings[index]!;
      });
      if (options.cache) await Promise.all(absent.map((text, index) => flywheel.store.cache.set({ key: cacheKey(modelId, text), model: modelId, mode: "embed", value: embeddings[index]! })));
    }
    return found as number[][];
  };
  return {
    baseDir: options.baseDir,
    signal: options.signal,
    scriptTimeoutMs: options.scriptTimeoutMs,
    grader: options.grader,
    embedder: options.embedder,
    cache: options.cache,
    scripts: options.scripts,
    templates: options.templates,
    async generate({ modelId, prompt, system, verdict }) {
      const responseFormat = !verdict ? undefined : modelId.startsWith("local:") ? { type: "json" as const, schema: verdictSchema, name: "verdict" } : modelId === options.jsonObjectGrader ? { type: "json" as const } : undefined;
      const result = await generateText({
        model: flywheel.model(modelId),
        prompt,
        system,
        // The reply is read as text (readVerdict), whatever format was asked for.
        ...(responseFormat === undefined ? {} : { output: { ...Output.text(), name: "json", responseFormat: Promise.resolve(responseFormat) } }),
        // Reasoning models (promptfoo's default OpenAI grader is one) take no temperature.
        ...(/^openai:(gpt-5|o[134])/.test(modelId) ? {} : { temperature: 0 }),
        // Hosted graders get no token limit, as in promptfoo (a reasoning model spends its
        // limit on thinking); the embedded ones are held to 512 tokens.
        ...(modelId.startsWith("local:") ? { maxOutputTokens: 512 } : {}),
        maxRetries: 0,
        abortSignal: options.signal,
        providerOptions: { flywheel: { cache: options.cache } },
      });
      options.onUsage?.(modelId, result.totalUsage);
      return result.text;
    },
    async embed({ modelId, texts }) {
      const missing = [...new Set(texts.filter((text) => !vectors.has(`${modelId}\u0000${text}`)))];
      if (missing.length > 0) {
        const request = embedCached(modelId, missing);
        missing.forEach((text, index) => {
          const vector = request.then((embeddings) => embeddings[index]!);
          vector.catch(() => vectors.delete(`${modelId}\u0000${text}`));
          vectors.set(`${modelId}\u0000${text}`, vector);
        });
      }
      return Promise.all(texts.map((text) => vectors.get(`${modelId}\u0000${text}`)!));
    },
  };
}
