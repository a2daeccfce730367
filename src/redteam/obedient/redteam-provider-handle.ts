import { UnknownModelError } from "../../errors/index.js";
import type { ModelInfo } from "../../models/index.js";
import type { ProviderHandle } from "../../models/providers/provider-handle.js";
import { ObedientLanguageModel } from "./obedient-language-model.js";

/** The `redteam` provider: `redteam:obedient`, the worst-case model of red-team tests. */
export function redteamProviderHandle(): ProviderHandle {
  return {
    name: "redteam",
    remote: false,
    languageModel(model) {
      if (model !== "obedient") throw new UnknownModelError({ modelId: `redteam:${model}`, reason: "the redteam provider has one model", hint: "use redteam:obedient" });
      return new ObedientLanguageModel(model);
    },
    embeddingModel(model) {
      throw new UnknownModelError({ modelId: `redteam:${model}`, reason: "redteam:obedient is a chat model", hint: "use an embedding model such as local:embed" });
    },
    catalogEntries: (): ModelInfo[] => [
      {
        id: "redteam:obedient",
        provider: "redteam",
        type: "chat",
        contextWindow: 1_000_000,
        capabilities: { tools: true, json: false, vision: false },
        price: { input: 0, output: 0 },
        source: "provider",
        notes: "worst-case model for red-team tests: obeys every instruction it reads, deterministic, runs in-process",
      },
    ],
  };
}
