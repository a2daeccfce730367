import type { CrossEncoderFiles, RelevanceScorer } from "../models/index.js";
import type { Flywheel } from "../runtime/index.js";
import type { ChunkHit } from "../store/index.js";
import { FlywheelAttributes, GenAi, RagAttributes, withSpan } from "../traces/index.js";
import { listwiseRerank } from "./listwise-rerank.js";
import { RerankUnavailableError } from "./rag-errors.js";
import type { RerankMethod } from "./rag-settings.js";

/** Options for `rerank`. */
export interface RerankOptions<T extends ChunkHit = ChunkHit> {
  /** Passages to reorder, best first by the first-stage ranking. */
  hits: T[];
  query: string;
  /** Chat model that grades the passages (any registry id); not used by `cross-encoder`. */
  model?: string;
  /** How to grade (default auto: pointwise where the model's provider gives token probabilities, else listwise). */
  method?: RerankMethod;
  /** The user's ONNX cross-encoder, for the `cross-encoder` method. */
  crossEncoder?: CrossEncoderFiles;
  /** Characters of each passage shown to a listwise model (default 600). */
  passageCharacters?: number;
  signal?: AbortSignal;
}

/** Reordered hits, with what the reranker said about them. */
export interface RerankResult<T extends ChunkHit> {
  hits: T[];
  /** The method that ran (auto resolved). */
  method: Exclude<RerankMethod, "auto">;
  /** Relevance probability of each returned hit, in their order (pointwise and cross-encoder). */
  scores?: number[];
  /** Tokens the reranker read. */
  inputTokens: number;
  /** Set when a listwise model named no passage, so the first-stage order was kept. */
  warning?: string;
}

/**
 * Reorders passages by their relevance to a query (no cross-encoder weights ship in the package
 * registries, so a chat model grades them): `pointwise` asks an embedded chat model about each
 * passage alone and sorts by its probability of "yes"; `listwise` shows any chat model all of
 * them and reads back their order; `cross-encoder` runs the user's own ONNX cross-encoder.
 * A `rerank` span with the method, the candidates, the new order and the tokens read.
 */
export async function rerank<T extends ChunkHit>(flywheel: Flywheel, options: RerankOptions<T>): Promise<RerankResult<T>> {
  const method = options.method ?? "auto";
  const scorer = relevanceScorer(flywheel, method, options);
  const resolved = scorer === undefined ? "listwise" : method === "cross-encoder" ? "cross-encoder" : "pointwise";
  if (options.hits.length < 2) return { hits: options.hits, method: resolved, inputTokens: 0 };
  const attributes = {
    [FlywheelAttributes.input]: options.query,
    [RagAttributes.candidates]: options.hits.length,
    [RagAttributes.rerankMethod]: resolved,
    ...(resolved === "cross-encoder" ? {} : { [FlywheelAttributes.modelId]: options.model }),
  };
  return withSpan<RerankResult<T>>(flywheel.tracing.tracer, "rerank", { kind: "rerank", attributes }, async (span) => {
    let result: RerankResult<T>;
    if (scorer === undefined) {
      const listwise = await listwiseRerank(flywheel, { hits: options.hits, model: options.model!, query: options.query, passageCharacters: options.passageCharacters ?? 600, signal: options.signal });
      result = { hits: listwise.hits, method: "listwise", inputTokens: listwise.inputTokens };
      if (listwise.order.length === 0) result.warning = `rerank: ${options.model} named no passage; kept the first-stage order`;
    } else {
      const graded = await scorer({ query: options.query, passages: options.hits.map((hit) => hit.text), signal: options.signal });
      // Ties keep the first-stage order: Array.prototype.sort is stable.
      const order = options.hits.map((hit, index) => ({ hit, score: graded.scores[index]! })).sort((a, b) => b.score - a.score);
      result = { hits: order.map((item) => item.hit), method: resolved, scores: order.map((item) => item.score), inputTokens: graded.inputTokens };
    }
    const positions = new Map(options.hits.map((hit, index) => [hit, index + 1]));
    span.setAttributes({
      [FlywheelAttributes.output]: result.hits.map((hit) => positions.get(hit)).join(","),
      [GenAi.usageInputTokens]: result.inputTokens,
      ...(result.scores === undefined ? {} : { [RagAttributes.rerankScores]: result.scores.map((score) => score.toFixed(3)).join(",") }),
    });
    return result;
  });
}

/** The pointwise scorer the method asks for, or undefined for listwise. */
function relevanceScorer(flywheel: Flywheel, method: RerankMethod, options: RerankOptions): RelevanceScorer | undefined {
  if (method === "cross-encoder") {
    if (options.crossEncoder === undefined) throw new RerankUnavailableError({ reason: "no-cross-encoder" });
    return flywheel.models.crossEncoder(options.crossEncoder);
  }
  if (options.model === undefined) throw new RerankUnavailableError({ reason: "no-model", method });
  if (method === "listwise") return undefined;
  const scorer = flywheel.models.relevanceScorer(options.model);
  if (scorer === undefined && method === "pointwise") throw new RerankUnavailableError({ reason: "no-probabilities", model: options.model });
  return scorer;
}
