import { embedMany, generateText } from "ai";
import type { Flywheel } from "../../runtime/index.js";
import type { AssertionServices } from "../assertions/assertion-types.js";
import type { ScriptRunner } from "../assertions/script-runner.js";

/** Options for `createAssertionServices`. */
export interface AssertionServicesOptions {
  flywheel: Flywheel;
  baseDir: string;
  signal: AbortSignal;
  scriptTimeoutMs: number;
  grader: string;
  embedder: string;
  cache: boolean;
  scripts: ScriptRunner;
}

/**
 * Graders and embedders for assertions, through the model layer (traced, cached,
 * retried once there). Embeddings are memoised for the run: a reference text shared by
 * every variant is embedded once.
 */
export function createAssertionServices(options: AssertionServicesOptions): AssertionServices {
  const { flywheel } = options;
  const vectors = new Map<string, Promise<number[]>>();
  return {
    baseDir: options.baseDir,
    signal: options.signal,
    scriptTimeoutMs: options.scriptTimeoutMs,
    grader: options.grader,
    embedder: options.embedder,
    cache: options.cache,
    scripts: options.scripts,
    async generate({ modelId, prompt, system }) {
      const result = await generateText({
        model: flywheel.model(modelId),
        prompt,
        system,
        temperature: 0,
        maxOutputTokens: 512,
        maxRetries: 0,
        abortSignal: options.signal,
        providerOptions: { flywheel: { cache: options.cache } },
      });
      return result.text;
    },
    async embed({ modelId, texts }) {
      const missing = [...new Set(texts.filter((text) => !vectors.has(`${modelId}\u0000${text}`)))];
      if (missing.length > 0) {
        const request = embedMany({ model: flywheel.embeddingModel(modelId), values: missing, maxRetries: 0, abortSignal: options.signal }).then((result) => result.embeddings);
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
