import type { Flywheel } from "../../runtime/index.js";
import type { RagTargetSpec } from "../suite/eval-suite.js";
import type { EvalTarget } from "./eval-target.js";
import { targetQuestion } from "./target-question.js";

/**
 * A retrieval pipeline as a target: the case's question is answered from the collection
 * with the spec's settings; the retrieved passages become the context that
 * context-faithfulness and context-recall read.
 */
export function ragTarget(flywheel: Flywheel, spec: RagTargetSpec): EvalTarget {
  const { settings } = spec;
  return {
    id: spec.id,
    label: spec.label,
    async call(input, options) {
      // Loaded on first call: retrieval costs every eval's start-up otherwise.
      const { ask } = await import("../../rag/index.js");
      const result = await ask(flywheel, {
        collection: spec.collection,
        question: targetQuestion(input),
        ...(settings.model === undefined ? {} : { model: settings.model }),
        ...(settings.mode === undefined ? {} : { mode: settings.mode }),
        ...(settings.k === undefined ? {} : { k: settings.k }),
        ...(settings.rerank === undefined ? {} : { rerankModel: settings.rerank }),
        ...(settings.prompt === undefined ? {} : { promptFile: settings.prompt }),
        ...(settings.minScore === undefined ? {} : { minScore: settings.minScore }),
        ...(settings.weights === undefined ? {} : { weights: settings.weights }),
        ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
        ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
        signal: options.signal,
      });
      return {
        output: result.answer,
        context: result.citations.map((citation) => citation.text),
        metadata: { traceId: result.traceId, found: result.found, sources: result.citations.map((citation) => citation.source), cited: result.cited, model: result.model },
        tokenUsage: { input: result.usage.inputTokens, output: result.usage.outputTokens },
      };
    },
  };
}
