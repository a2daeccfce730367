import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Tokenizer } from "@huggingface/tokenizers";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { FlywheelError } from "../../errors/index.js";
import type { EmbeddingSettings, PulledModel } from "../model-store/index.js";
import { SerialQueue } from "./serial-queue.js";
import { measureReadability } from "../text-readability.js";
import type { TextReadability } from "../text-readability.js";

/** Whether a text is a search query or a document, for models trained with prefixes. */
export type EmbeddingInputType = "query" | "document";

/** Vectors for a list of texts, with real token counts. */
export interface EmbeddingOutput {
  embeddings: number[][];
  /** Tokens fed to the model, special tokens included, after truncation. */
  tokens: number;
  /** How many texts were longer than the model's maximum sequence length and were cut. */
  truncated: number;
}

/** One tokenized text. */
interface Encoded {
  index: number;
  ids: number[];
}

/**
 * An ONNX sentence-embedding model loaded once: the tokenizer from the model's
 * `tokenizer.json`, onnxruntime for the graph, then pooling and normalisation as the model's
 * settings say. Runs are serialized: on a small CPU one run at a time with all threads is
 * fastest, and it keeps memory flat.
 */
export class EmbeddingRuntime {
  private readonly queue = new SerialQueue();

  private constructor(
    private readonly session: InferenceSession,
    private readonly tensor: typeof Tensor,
    private readonly tokenizer: Tokenizer,
    readonly settings: EmbeddingSettings,
    private readonly padId: number,
    private readonly sepId: number | undefined,
    private readonly unknownId: number | undefined,
  ) {}

  /**
   * Loads the model's graph and tokenizer. `threads` caps onnxruntime's intra-op threads;
   * `settings` (from the catalog) override those recorded in the manifest at pull time.
   */
  static async load(model: PulledModel, threads: number, settings = model.embedding): Promise<EmbeddingRuntime> {
    if (settings === undefined) {
      // Embedding models come from the catalog, which records these settings: the manifest was damaged or edited.
      throw new FlywheelError({
        code: "model-not-pulled",
        message: `the local model "${model.alias}" has no embedding settings in its manifest`,
        hint: `pull it again: \`flywheel models pull --force ${model.alias}\``,
      });
    }
    // Like onnxruntime, the tokenizer library loads with the first embedding model, not with every command.
    const [ort, { Tokenizer }] = await Promise.all([import("onnxruntime-node"), import("@huggingface/tokenizers")]);
    const tokenizerJson: unknown = JSON.parse(await readFile(path.join(model.directory, settings.tokenizerFile), "utf8"));
    const tokenizer = new Tokenizer(tokenizerJson as object, {});
    // onnxruntime rejects option keys set to undefined, so every key here has a value.
    const session = await ort.InferenceSession.create(model.mainPath, {
      executionProviders: ["cpu"],
      graphOptimizationLevel: "all",
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
    });
    const padId = tokenizer.token_to_id("[PAD]") ?? 0;
    return new EmbeddingRuntime(session, ort.Tensor, tokenizer, settings, padId, tokenizer.token_to_id("[SEP]"), tokenizer.token_to_id("[UNK]"));
  }

  /** Counts tokens as the model sees them: its prefix for `inputType` and special tokens included, before truncation. */
  countTokens(text: string, inputType?: EmbeddingInputType): number {
    return this.tokenizer.encode(this.prefix(inputType) + text).ids.length;
  }

  /**
   * How much of `texts` the tokenizer can read (see `measureReadability`). Tokenizing only, no
   * inference: cheap on a few hundred texts.
   */
  readability(texts: string[]): TextReadability {
    return measureReadability(texts, (word) => {
      const ids = this.tokenizer.encode(word, { add_special_tokens: false }).ids;
      return { pieces: ids.length, unknown: this.unknownId === undefined ? 0 : ids.filter((id: number) => id === this.unknownId).length };
    });
  }

  /**
   * Embeds texts in batches of `batchSize`, grouping texts of similar length to pad less;
   * the result is in input order. Inputs past the maximum sequence length are truncated.
   */
  async embed(texts: string[], options: { inputType?: EmbeddingInputType; batchSize?: number; signal?: AbortSignal } = {}): Promise<EmbeddingOutput> {
    const prefix = this.prefix(options.inputType);
    let truncated = 0;
    const encoded: Encoded[] = texts.map((text, index) => {
      const ids = this.tokenizer.encode(prefix + text).ids;
      if (ids.length <= this.settings.maxSequenceLength) return { index, ids };
      truncated++;
      const kept = ids.slice(0, this.settings.maxSequenceLength - (this.sepId === undefined ? 0 : 1));
      return { index, ids: this.sepId === undefined ? kept : [...kept, this.sepId] };
    });
    const order = [...encoded].sort((a, b) => a.ids.length - b.ids.length);
    const batchSize = Math.max(1, options.batchSize ?? 32);
    const embeddings: number[][] = new Array<number[]>(texts.length);
    for (let start = 0; start < order.length; start += batchSize) {
      options.signal?.throwIfAborted();
      const batch = order.slice(start, start + batchSize);
      const vectors = await this.queue.run(() => this.runBatch(batch));
      batch.forEach((item, position) => (embeddings[item.index] = vectors[position]!));
    }
    return { embeddings, tokens: encoded.reduce((total, item) => total + item.ids.length, 0), truncated };
  }

  private prefix(inputType: EmbeddingInputType | undefined): string {
    return inputType === "query" ? (this.settings.queryPrefix ?? "") : inputType === "document" ? (this.settings.documentPrefix ?? "") : "";
  }

  /** Releases the onnxruntime session. */
  async close(): Promise<void> {
    await this.queue.run(() => this.session.release());
  }

  private async runBatch(batch: Encoded[]): Promise<number[][]> {
    const width = Math.max(...batch.map((item) => item.ids.length));
    const ids = new BigInt64Array(batch.length * width).fill(BigInt(this.padId));
    const mask = new BigInt64Array(batch.length * width);
    batch.forEach((item, row) => {
      item.ids.forEach((id, column) => {
        ids[row * width + column] = BigInt(id);
        mask[row * width + column] = 1n;
      });
    });
    const dims = [batch.length, width];
    const feeds: Record<string, Tensor> = {
      input_ids: new this.tensor("int64", ids, dims),
      attention_mask: new this.tensor("int64", mask, dims),
    };
    if (this.session.inputNames.includes("token_type_ids")) feeds.token_type_ids = new this.tensor("int64", new BigInt64Array(ids.length), dims);
    const outputName = this.settings.outputName ?? this.session.outputNames[0]!;
    const result = await this.session.run(feeds, [outputName]);
    const output = result[outputName]!;
    const vectors = pool(output.data as Float32Array, output.dims as number[], mask, this.settings.pooling);
    for (const tensor of Object.values(result)) tensor.dispose();
    return this.settings.normalize ? vectors.map(normalize) : vectors;
  }
}

/** Mean (over the attention mask) or CLS pooling of a [batch, tokens, dims] output; a [batch, dims] output is used as is. */
function pool(data: Float32Array, dims: number[], mask: BigInt64Array, pooling: EmbeddingSettings["pooling"]): number[][] {
  if (dims.length === 2) {
    const [rows, size] = dims as [number, number];
    return Array.from({ length: rows }, (_, row) => Array.from(data.subarray(row * size, (row + 1) * size)));
  }
  const [rows, tokens, size] = dims as [number, number, number];
  return Array.from({ length: rows }, (_, row) => {
    const vector = new Float64Array(size);
    if (pooling === "cls") {
      for (let d = 0; d < size; d++) vector[d] = data[row * tokens * size + d]!;
      return Array.from(vector);
    }
    let count = 0;
    for (let token = 0; token < tokens; token++) {
      if (mask[row * tokens + token] === 0n) continue;
      count++;
      const offset = (row * tokens + token) * size;
      for (let d = 0; d < size; d++) vector[d]! += data[offset + d]!;
    }
    return Array.from(vector, (value) => value / Math.max(1, count));
  });
}

function normalize(vector: number[]): number[] {
  const length = Math.sqrt(vector.reduce((total, value) => total + value * value, 0));
  return length === 0 ? vector : vector.map((value) => value / length);
}
