import type { LanguageModelV4Middleware, LanguageModelV4StreamPart, LanguageModelV4Usage } from "@ai-sdk/provider";
import { costOf } from "../catalog/index.js";
import type { ModelInfo } from "../catalog/index.js";
import { startTrackedCall } from "./model-call-budget.js";

/** The characters of a prompt's text (every string in it but part types and roles), for an estimate of its tokens. */
function promptCharacters(value: unknown, key = ""): number {
  if (typeof value === "string") return key === "type" || key === "role" ? 0 : value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + promptCharacters(item), 0);
  if (value !== null && typeof value === "object") return Object.entries(value).reduce((sum, [name, item]) => sum + promptCharacters(item, name), 0);
  return 0;
}

/**
 * Counts each call that reaches the model (it sits inside the response cache, so cached
 * answers are free) against the `ModelCallBudget` tracking the caller, and refuses to start
 * a call once that budget is spent. Without a tracking budget it does nothing.
 */
export function callBudgetMiddleware(info: ModelInfo): LanguageModelV4Middleware {
  const costOfUsage = (usage: LanguageModelV4Usage | undefined) => costOf(info, { inputTokens: usage?.inputTokens.total, outputTokens: usage?.outputTokens.total });
  return {
    specificationVersion: "v4",
    async wrapGenerate({ doGenerate, params }) {
      const call = startTrackedCall(info, promptCharacters(params.prompt));
      let result: Awaited<ReturnType<typeof doGenerate>>;
      try {
        result = await doGenerate();
      } catch (error) {
        call?.finish(undefined);
        throw error;
      }
      call?.finish(costOfUsage(result.usage));
      return result;
    },
    async wrapStream({ doStream, params }) {
      const call = startTrackedCall(info, promptCharacters(params.prompt));
      let result: Awaited<ReturnType<typeof doStream>>;
      try {
        result = await doStream();
      } catch (error) {
        call?.finish(undefined);
        throw error;
      }
      if (call === undefined) return result;
      let finished = false;
      const finish = (costUsd: number | undefined) => {
        if (finished) return;
        finished = true;
        call.finish(costUsd);
      };
      const stream = result.stream.pipeThrough(
        new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
          transform(part, controller) {
            if (part.type === "finish") finish(costOfUsage(part.usage));
            controller.enqueue(part);
          },
          flush: () => finish(undefined),
        }),
      );
      return { ...result, stream };
    },
  };
}
