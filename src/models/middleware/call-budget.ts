import type { LanguageModelV4Middleware, LanguageModelV4StreamPart, LanguageModelV4Usage } from "@ai-sdk/provider";
import { costOf } from "../catalog/index.js";
import type { ModelInfo } from "../catalog/index.js";
import { startTrackedCall } from "./model-call-budget.js";

/**
 * Counts each call that reaches the model (it sits inside the response cache, so cached
 * answers are free) against the `ModelCallBudget` tracking the caller, and refuses to start
 * a call once that budget is spent. Without a tracking budget it does nothing.
 */
export function callBudgetMiddleware(info: ModelInfo): LanguageModelV4Middleware {
  const costOfUsage = (usage: LanguageModelV4Usage | undefined) => costOf(info, { inputTokens: usage?.inputTokens.total, outputTokens: usage?.outputTokens.total });
  return {
    specificationVersion: "v4",
    async wrapGenerate({ doGenerate }) {
      const call = startTrackedCall(info);
      const result = await doGenerate();
      call?.finish(costOfUsage(result.usage));
      return result;
    },
    async wrapStream({ doStream }) {
      const call = startTrackedCall(info);
      const result = await doStream();
      if (call === undefined) return result;
      const stream = result.stream.pipeThrough(
        new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
          transform(part, controller) {
            if (part.type === "finish") call.finish(costOfUsage(part.usage));
            controller.enqueue(part);
          },
        }),
      );
      return { ...result, stream };
    },
  };
}
