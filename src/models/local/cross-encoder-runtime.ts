import { readFile } from "node:fs/promises";
import type { Tokenizer } from "@huggingface/tokenizers";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { FlywheelError } from "../../errors/index.js";
import type { RelevanceRequest, RelevanceScores } from "../relevance-scorer.js";
import { SerialQueue } from "./serial-queue.js";

/** The files of a cross-encoder the user brings: an ONNX graph and its `tokenizer.json`. */
export interface CrossEncoderFiles {
  /** Path of the ONNX graph (inputs `input_ids`, `attention_mask`, optionally `token_type_ids`). */
  model: string;
  /** Path of the Hugging Face `tokenizer.json` the model was trained with. */
  tokenizer: string;
  /** Longest (query, passage) pair in tokens; longer pairs lose the end of the passage (default 512). */
  maxLength?: number;
  /** Name of the graph output that holds the logits (default: its first output). */
  output?: string;
}

/** One tokenized (query, passage) pair. */
interface EncodedPair {
  index: number;
  ids: number[];
  typeIds: number[];
}

/** Pairs per onnxruntime run. */
const BATCH_SIZE = 16;

/**
 * A cross-encoder reranker from files the user points to (no such weights ship in the package
 * registries): each (query, passage) pair is tokenized as one input with segment ids, run
 * through the ONNX graph in batches of similar length, and its first output read as relevance:
 * one logit per pair through a sigmoid, or two or more class logits through a softmax, taking
 * the last class (the "relevant" label of two-label rerankers). Runs are serialized, as for
 * embedding models.
 */
export class CrossEncoderRuntime {
  private readonly queue = new SerialQueue();

  private constructor(
    private readonly session: InferenceSession,
    private readonly tensor: typeof Tensor,
    private readonly tokenizer: Tokenizer,
    private readonly maxLength: number,
    private readonly padId: number,
    private readonly outputName: string,
  ) {}

  /** Loads the graph and the tokenizer; `threads` caps onnxruntime's intra-op threads. */
  static async load(files: CrossEncoderFiles, threads: number): Promise<CrossEncoderRuntime> {
    const [ort, { Tokenizer }] = await Promise.all([import("onnxruntime-node"), import("@huggingface/tokenizers")]);
    let tokenizerJson: unknown;
    let session: InferenceSession;
    try {
      tokenizerJson = JSON.parse(await readFile(files.tokenizer, "utf8"));
      session = await ort.InferenceSession.create(files.model, { executionProviders: ["cpu"], graphOptimizationLevel: "all", intraOpNumThreads: threads, interOpNumThreads: 1 });
    } catch (error) {
      throw new FlywheelError({
        code: "cross-encoder-unreadable",
        message: `cannot load the cross-encoder (${files.model}, ${files.tokenizer}): ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
        hint: "set rag.rerank.crossEncoder.model to an ONNX file and rag.rerank.crossEncoder.tokenizer to its tokenizer.json",
        cause: error,
      });
    }
    const outputName = files.output ?? session.outputNames[0]!;
    if (!session.outputNames.includes(outputName)) {
      await session.release();
      throw new FlywheelError({
        code: "cross-encoder-unreadable",
        message: `the cross-encoder ${files.model} has no output "${outputName}"; its outputs: ${session.outputNames.join(", ")}`,
        hint: "set rag.rerank.crossEncoder.output to the output that holds the logits",
      });
    }
    const tokenizer = new Tokenizer(tokenizerJson as object, {});
    return new CrossEncoderRuntime(session, ort.Tensor, tokenizer, files.maxLength ?? 512, tokenizer.token_to_id("[PAD]") ?? 0, outputName);
  }

  /** Scores each passage against the query, in the order given. */
  async score(request: RelevanceRequest): Promise<RelevanceScores> {
    const pairs: EncodedPair[] = request.passages.map((passage, index) => {
      const encoded = this.tokenizer.encode(request.query, { text_pair: passage, return_token_type_ids: true });
      const { ids, token_type_ids: typeIds } = encoded;
      if (ids.length <= this.maxLength) return { index, ids, typeIds };
      // Keep the closing special token; what goes is the end of the passage.
      const keep = this.maxLength - 1;
      return { index, ids: [...ids.slice(0, keep), ids.at(-1)!], typeIds: [...typeIds.slice(0, keep), typeIds.at(-1)!] };
    });
    const order = [...pairs].sort((a, b) => a.ids.length - b.ids.length);
    const scores = new Array<number>(pairs.length);
    for (let start = 0; start < order.length; start += BATCH_SIZE) {
      request.signal?.throwIfAborted();
      const batch = order.slice(start, start + BATCH_SIZE);
      const batchScores = await this.queue.run(() => this.runBatch(batch));
      batch.forEach((pair, position) => (scores[pair.index] = batchScores[position]!));
    }
    const tokens = pairs.reduce((total, pair) => total + pair.ids.length, 0);
    return { scores, inputTokens: tokens, evaluatedTokens: tokens };
  }

  /** Releases the onnxruntime session. */
  async close(): Promise<void> {
    await this.queue.run(() => this.session.release());
  }

  private async runBatch(batch: EncodedPair[]): Promise<number[]> {
    const width = Math.max(...batch.map((pair) => pair.ids.length));
    const ids = new BigInt64Array(batch.length * width).fill(BigInt(this.padId));
    const typeIds = new BigInt64Array(batch.length * width);
    const mask = new BigInt64Array(batch.length * width);
    batch.forEach((pair, row) => {
      pair.ids.forEach((id, column) => {
        ids[row * width + column] = BigInt(id);
        typeIds[row * width + column] = BigInt(pair.typeIds[column]!);
        mask[row * width + column] = 1n;
      });
    });
    const dims = [batch.length, width];
    const feeds: Record<string, Tensor> = { input_ids: new this.tensor("int64", ids, dims), attention_mask: new this.tensor("int64", mask, dims) };
    if (this.session.inputNames.includes("token_type_ids")) feeds.token_type_ids = new this.tensor("int64", typeIds, dims);
    const result = await this.session.run(feeds, [this.outputName]);
    const output = result[this.outputName]!;
    const logits = output.data as Float32Array;
    const columns = output.dims.length < 2 ? 1 : Number(output.dims.at(-1));
    for (const tensor of Object.values(result)) tensor.dispose();
    if (logits.length !== batch.length * columns) {
      throw new FlywheelError({
        code: "cross-encoder-unreadable",
        message: `the cross-encoder's output "${this.outputName}" has shape [${output.dims.join(", ")}], not one row of logits per pair`,
        hint: "export the model with a sequence-classification head (output [batch, 1] or [batch, 2]), or name that output in rag.rerank.crossEncoder.output",
      });
    }
    return batch.map((_, row) => relevance(logits.subarray(row * columns, (row + 1) * columns)));
  }
}

/** One logit through a sigmoid; several through a softmax, taking the last class. */
function relevance(logits: Float32Array): number {
  if (logits.length === 1) return 1 / (1 + Math.exp(-logits[0]!));
  const top = Math.max(...logits);
  const exponentials = Array.from(logits, (logit) => Math.exp(logit - top));
  return exponentials.at(-1)! / exponentials.reduce((total, value) => total + value, 0);
}
