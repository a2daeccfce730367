import type { Flywheel } from "../runtime/index.js";
import { ask } from "./answer.js";
import type { AskOptions } from "./answer.js";

/** What an eval sees for one question: the answer, the retrieved passages and facts about the run. */
export interface RagEvalOutput {
  output: string;
  /** The retrieved chunk texts given to the model, in prompt order (for context-faithfulness and context-recall). */
  context: string[];
  metadata: {
    collection: string;
    model: string;
    found: boolean;
    traceId: string;
    sources: string[];
    cited: number[];
    inputTokens: number | undefined;
    outputTokens: number | undefined;
  };
}

/**
 * The RAG pipeline as an eval target: settings fixed once (collection, model, mode, k, rerank,
 * prompt), then one call per question. Compare settings by building one target per variant.
 */
export function ragEvalTarget(flywheel: Flywheel, settings: Omit<AskOptions, "question" | "onText">): (question: string, options?: { signal?: AbortSignal }) => Promise<RagEvalOutput> {
  return async (question, options = {}) => {
    const result = await ask(flywheel, { ...settings, question, ...(options.signal ? { signal: options.signal } : {}) });
    return {
      output: result.answer,
      context: result.citations.map((citation) => citation.text),
      metadata: {
        collection: settings.collection,
        model: result.model,
        found: result.found,
        traceId: result.traceId,
        sources: result.citations.map((citation) => citation.source),
        cited: result.cited,
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
      },
    };
  };
}
