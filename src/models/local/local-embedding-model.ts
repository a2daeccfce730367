import type { EmbeddingModelV4, EmbeddingModelV4CallOptions, EmbeddingModelV4Result, SharedV4Warning } from "@ai-sdk/provider";
import type { EmbeddingRuntime } from "./embedding-runtime.js";
import { localEmbeddingOptionsSchema, readLocalOptions } from "./provider-options.js";

/**
 * An AI SDK embedding model over an in-process ONNX sentence-embedding model. The runtime
 * (and the pull, the first time) is loaded on the first call and shared by every call.
 */
export class LocalEmbeddingModel implements EmbeddingModelV4 {
  readonly specificationVersion = "v4";
  readonly provider = "local";
  readonly maxEmbeddingsPerCall = 256;
  readonly supportsParallelCalls = false;

  constructor(
    readonly modelId: string,
    private readonly runtime: () => Promise<EmbeddingRuntime>,
  ) {}

  async doEmbed(options: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
    const local = readLocalOptions(localEmbeddingOptionsSchema, options.providerOptions);
    const runtime = await this.runtime();
    options.abortSignal?.throwIfAborted();
    const warnings: SharedV4Warning[] = [];
    if (options.dimensions !== undefined && options.dimensions !== runtime.settings.dimensions) {
      warnings.push({ type: "unsupported", feature: "dimensions", details: `${this.modelId} returns ${runtime.settings.dimensions} dimensions` });
    }
    const output = await runtime.embed(options.values, {
      ...(local.inputType ? { inputType: local.inputType } : {}),
      ...(local.batchSize ? { batchSize: local.batchSize } : {}),
      ...(options.abortSignal ? { signal: options.abortSignal } : {}),
    });
    if (output.truncated > 0) {
      warnings.push({
        type: "other",
        message: `${output.truncated} of ${options.values.length} texts were longer than ${runtime.settings.maxSequenceLength} tokens and were truncated`,
      });
    }
    return {
      embeddings: output.embeddings,
      usage: { tokens: output.tokens },
      providerMetadata: {
        local: { truncatedInputs: output.truncated, maxSequenceLength: runtime.settings.maxSequenceLength, dimensions: runtime.settings.dimensions },
      },
      warnings,
    };
  }
}
