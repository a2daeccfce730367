import { runPrompt } from "../prompts/index.js";
import type { Flywheel } from "../runtime/index.js";
import type { ChunkFilter, ChunkLocation } from "../store/index.js";
import { FlywheelAttributes, RagAttributes, withSpan, withTraceLabels } from "../traces/index.js";
import { loadAnswerPrompt, renderAnswerPrompt } from "./answer-prompt.js";
import type { AnswerPrompt } from "./answer-prompt.js";
import { attributeCitations } from "./attribute-citations.js";
import type { Attribution } from "./attribute-citations.js";
import { extractAnswer } from "./extract-answer.js";
import type { ExtractedAnswer } from "./extract-answer.js";
import { citedNumbers, dropInvalidCitations, formatLocation } from "./citations.js";
import { ragSettings } from "./rag-settings.js";
import type { RequestedSearchMode, RerankMethod } from "./rag-settings.js";
import { search } from "./search.js";
import type { SearchHit } from "./search.js";
import { relevantScore } from "./similarity-thresholds.js";

/** Options for `ask`. */
export interface AskOptions {
  collection: string;
  question: string;
  /** Chat model (default: config defaultModel). */
  model?: string;
  /** Passages given to the model (default: `rag.k` in config, else 5). */
  k?: number;
  mode?: RequestedSearchMode;
  filter?: ChunkFilter;
  weights?: { vector?: number; bm25?: number };
  /** Rerank candidates with this chat model first (default: `rag.rerank.model` in config). */
  rerankModel?: string;
  /** How the reranker grades (default: `rag.rerank.method` in config, auto). */
  rerankMethod?: RerankMethod;
  /** A prompt file replacing the built-in one (default: `rag.promptFile` in config). */
  promptFile?: string;
  /** A prompt given in code (such as `smallModelAnswerPrompt`); wins over `promptFile`. */
  prompt?: AnswerPrompt;
  /**
   * Cite by similarity instead of trusting the model's markers (for small models): each answer
   * sentence cites the passage holding a sentence at least `minSimilarity` like it (default 0.85),
   * and nothing when none is; the result lists these `attributions`.
   */
  attribute?: { minSimilarity?: number };
  /**
   * Answer extractively, without a chat model (for models too small to write grounded answers):
   * the passages' sentence closest to the question, cited where it stands (`extractAnswer`).
   */
  extract?: boolean;
  /** Least cosine similarity for a passage to count as relevant (default: `rag.minScore` in config, else the embedding model's measured level, else 0.3). */
  minScore?: number;
  temperature?: number;
  maxTokens?: number;
  /** Called with each piece of the answer as it streams. */
  onText?: (delta: string) => void;
  signal?: AbortSignal;
  /** Tags for the trace, to select it later (`datasets create --tag`): one word each. */
  tags?: string[];
  /** Passages put first among the retrieved ones, as if the collection held them (a red team's planted document); never stored. */
  plantedPassages?: { source: string; title: string; text: string }[];
}

/** A numbered passage the answer may cite. */
export interface Citation {
  number: number;
  chunkId: number;
  source: string;
  title: string;
  headingPath: string[];
  location: ChunkLocation;
  /** `p. 3`, `lines 10-24`, or "". */
  where: string;
  text: string;
  score: number;
}

/** What `ask` produced. */
export interface AskResult {
  answer: string;
  /** False when retrieval found nothing relevant; the answer then says so and no model was called. */
  found: boolean;
  /** Every passage given to the model, numbered as in the prompt. */
  citations: Citation[];
  /** The numbers the answer cites, in order of first use. */
  cited: number[];
  /** With `attribute`: the citations placed by similarity (the answer's only ones). */
  attributions: Attribution[];
  /** With `extract`: the sentence taken and where it stands. */
  extracted?: ExtractedAnswer;
  model: string;
  traceId: string;
  warnings: string[];
  usage: { inputTokens: number | undefined; outputTokens: number | undefined };
}

/** The reply when retrieval finds nothing relevant. */
export const NOTHING_FOUND = "I could not find anything relevant to this question in the collection, so I will not guess.";

/**
 * Answers a question from a collection: retrieve (and rerank), build a grounded prompt, stream a
 * cited answer. One `ask` trace with `retrieve`, `rerank` and `generate` spans. When the best
 * passage is below `minScore`, it says so instead of asking the model. The trace carries the
 * tags and the prompt file's name.
 */
export async function ask(flywheel: Flywheel, options: AskOptions): Promise<AskResult> {
  const settings = ragSettings(flywheel.config);
  const model = options.model ?? flywheel.config.defaultModel;
  const prompt = options.prompt ?? (await loadAnswerPrompt(options.promptFile ?? settings.promptFile));
  const labels = { tags: options.tags, promptName: prompt.name, promptFile: prompt.file };
  const attributes = { [FlywheelAttributes.input]: options.question, [FlywheelAttributes.modelId]: model, [RagAttributes.collection]: options.collection };
  return withTraceLabels(labels, () => withSpan(flywheel.tracing.tracer, "ask", { kind: "ask", attributes }, async (span) => {
    const retrieved = await search(flywheel, {
      collection: options.collection,
      query: options.question,
      mode: options.mode ?? settings.mode,
      k: options.k ?? settings.askK,
      filter: options.filter,
      weights: options.weights,
      rerankModel: options.rerankModel,
      rerankMethod: options.rerankMethod,
      signal: options.signal,
    });
    const planted = (options.plantedPassages ?? []).map((passage, index): SearchHit => ({ chunkId: -1 - index, documentId: -1 - index, kind: "text", headingPath: [], location: {}, score: 1, metadata: {}, ...passage }));
    if (planted.length > 0) retrieved.hits = [...planted, ...retrieved.hits].slice(0, Math.max(retrieved.hits.length, planted.length));
    const citations = retrieved.hits.map(toCitation);
    // A cosine threshold means something different with every embedding model: unset, it is the collection model's own.
    const minScore = options.minScore ?? settings.minScore ?? relevantScore(flywheel.models.info(retrieved.collection.embeddingModel));
    const relevant = retrieved.hits.length > 0 && (retrieved.mode === "bm25" || (retrieved.bestVectorScore ?? -Infinity) >= minScore);
    const traceId = span.spanContext().traceId;
    if (!relevant) {
      options.onText?.(NOTHING_FOUND);
      span.setAttributes({ [FlywheelAttributes.output]: NOTHING_FOUND, [RagAttributes.found]: false });
      return { answer: NOTHING_FOUND, found: false, citations: [], cited: [], attributions: [], model, traceId, warnings: retrieved.warnings, usage: { inputTokens: 0, outputTokens: 0 } };
    }
    const extracted = options.extract === true ? await extractAnswer(flywheel, { question: options.question, passages: citations, embeddingModel: retrieved.collection.embeddingModel, ...(options.signal ? { signal: options.signal } : {}) }) : undefined;
    if (extracted !== undefined) {
      options.onText?.(extracted.answer);
      span.setAttributes({ [FlywheelAttributes.output]: extracted.answer, [RagAttributes.found]: true, [RagAttributes.cited]: String(extracted.number) });
      return { answer: extracted.answer, found: true, citations, cited: [extracted.number], attributions: [], extracted, model, traceId, warnings: retrieved.warnings, usage: { inputTokens: 0, outputTokens: 0 } };
    }
    const result = await runPrompt(flywheel, {
      model,
      system: prompt.system,
      prompt: renderAnswerPrompt(prompt, { question: options.question, hits: retrieved.hits }),
      temperature: options.temperature ?? 0,
      maxTokens: options.maxTokens ?? 400,
      ...(prompt.stopSequences ? { stopSequences: prompt.stopSequences } : {}),
      abortSignal: options.signal,
      onText: options.onText,
      spanName: "generate",
    });
    const checked = dropInvalidCitations(result.text, citations.length);
    const warnings = [...retrieved.warnings];
    if (checked.dropped.length > 0) {
      const markers = checked.dropped.map((number) => `[${number}]`).join(", ");
      warnings.push(`the answer cited ${markers}, which ${checked.dropped.length === 1 ? "is" : "are"} not among the ${citations.length} sources; removed`);
    }
    const { answer, attributions } =
      options.attribute === undefined
        ? { answer: checked.answer, attributions: [] }
        : await attributeCitations(flywheel, {
            answer: checked.answer,
            passages: citations,
            embeddingModel: retrieved.collection.embeddingModel,
            ...(options.attribute.minSimilarity === undefined ? {} : { minSimilarity: options.attribute.minSimilarity }),
            ...(options.signal ? { signal: options.signal } : {}),
          });
    const cited = citedNumbers(answer, citations.length);
    span.setAttributes({ [FlywheelAttributes.output]: answer, [RagAttributes.found]: true, [RagAttributes.cited]: cited.join(","), ...(options.attribute ? { [RagAttributes.attributed]: attributions.length } : {}) });
    return { answer, found: true, citations, cited, attributions, model, traceId, warnings, usage: result.usage };
  }));
}

function toCitation(hit: SearchHit, index: number): Citation {
  return {
    number: index + 1,
    chunkId: hit.chunkId,
    source: hit.source,
    title: hit.title,
    headingPath: hit.headingPath,
    location: hit.location,
    where: formatLocation(hit.location),
    text: hit.text,
    score: hit.score,
  };
}
