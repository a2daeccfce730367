import type { LanguageModelV4Middleware } from "@ai-sdk/provider";
import { ContextLengthError } from "../../errors/index.js";
import type { ModelInfo } from "../catalog/index.js";
import { promptCharacters } from "./prompt-to-messages.js";
import { estimateTokens } from "./token-estimate.js";

/**
 * Refuses a call whose input clearly cannot fit the model's context window, before any
 * request is made. The estimate is rough; a provider's own context error is mapped to
 * the same ContextLengthError.
 */
export function contextGuardMiddleware(info: ModelInfo): LanguageModelV4Middleware {
  return {
    specificationVersion: "v4",
    async transformParams({ params }) {
      const window = info.contextWindow;
      if (window === undefined) return params;
      const estimated = estimateTokens(promptCharacters(params.prompt));
      if (estimated > window) throw new ContextLengthError({ modelId: info.id, contextWindow: window, inputTokens: estimated });
      return params;
    },
  };
}
