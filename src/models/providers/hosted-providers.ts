import type { AnthropicProvider } from "@ai-sdk/anthropic";
import type { OpenAIProvider } from "@ai-sdk/openai";
import type { OpenAICompatibleProvider } from "@ai-sdk/openai-compatible";
import { ConfigError, UnknownModelError } from "../../errors/index.js";
import { deferredEmbeddingModel, deferredLanguageModel } from "../deferred-model.js";
import type { ProviderHandle, ProviderSettings } from "./provider-handle.js";
import { resolveProviderCredentials } from "./provider-credentials.js";

// Each provider's client library loads with its first model call: a command that never
// calls a hosted model never pays for one.

/** OpenAI, or any server that speaks its API when `OPENAI_BASE_URL` points there. */
export function openaiProvider(settings: ProviderSettings): ProviderHandle {
  const credentials = resolveProviderCredentials(settings.name, { ...settings.config, type: "openai" }, settings.env);
  const baseURL = credentials.baseURL!;
  let client: Promise<OpenAIProvider> | undefined;
  const provider = () =>
    (client ??= import("@ai-sdk/openai").then(({ createOpenAI }) => createOpenAI({ baseURL, apiKey: credentials.readKey, headers: settings.config.headers, name: settings.name })));
  return {
    name: settings.name,
    baseURL,
    remote: true,
    languageModel: (model) =>
      deferredLanguageModel({ provider: settings.name, modelId: model }, async () => (settings.config.api === "responses" ? (await provider()).responses(model) : (await provider()).chat(model))),
    embeddingModel: (model) => deferredEmbeddingModel({ provider: settings.name, modelId: model }, async () => (await provider()).embedding(model)),
  };
}

/** Anthropic's messages API; `ANTHROPIC_BASE_URL` points it elsewhere. */
export function anthropicProvider(settings: ProviderSettings): ProviderHandle {
  const credentials = resolveProviderCredentials(settings.name, { ...settings.config, type: "anthropic" }, settings.env);
  const baseURL = credentials.baseURL!;
  let client: Promise<AnthropicProvider> | undefined;
  return {
    name: settings.name,
    baseURL,
    remote: true,
    languageModel: (model) => {
      // The key is read as the model is built, so a missing one is reported before any call.
      const apiKey = credentials.readKey();
      return deferredLanguageModel({ provider: settings.name, modelId: model }, async () => {
        client ??= import("@ai-sdk/anthropic").then(({ createAnthropic }) => createAnthropic({ baseURL, apiKey, headers: settings.config.headers, name: settings.name }));
        return (await client)(model);
      });
    },
    embeddingModel: (model) => {
      throw new UnknownModelError({ modelId: `${settings.name}:${model}`, reason: "Anthropic has no embedding models" });
    },
  };
}

/** Ollama through its OpenAI-compatible endpoint; `OLLAMA_HOST` points it elsewhere. */
export function ollamaProvider(settings: ProviderSettings): ProviderHandle {
  return compatible(settings, { ...settings.config, type: "ollama" });
}

/** Any other OpenAI-compatible server named in config (vLLM, llama.cpp server, LM Studio, ...). */
export function openaiCompatibleProvider(settings: ProviderSettings): ProviderHandle {
  if (settings.config.baseURL === undefined) {
    throw new ConfigError({
      file: "config",
      key: `providers.${settings.name}.baseURL`,
      found: "nothing",
      expected: "the server's base URL, e.g. http://localhost:8000/v1",
    });
  }
  return compatible(settings, { ...settings.config, type: "openai-compatible" });
}

function compatible(settings: ProviderSettings, config: ProviderSettings["config"]): ProviderHandle {
  const credentials = resolveProviderCredentials(settings.name, config, settings.env);
  const baseURL = credentials.baseURL!;
  let client: Promise<OpenAICompatibleProvider> | undefined;
  const provider = () =>
    (client ??= import("@ai-sdk/openai-compatible").then(({ createOpenAICompatible }) =>
      createOpenAICompatible({
        name: settings.name,
        baseURL,
        apiKey: credentials.keySet() === null ? undefined : credentials.readKey,
        headers: settings.config.headers,
        includeUsage: true,
        supportsStructuredOutputs: true,
      }),
    ));
  return {
    name: settings.name,
    baseURL,
    remote: true,
    languageModel: (model) => deferredLanguageModel({ provider: settings.name, modelId: model }, async () => (await provider()).chatModel(model)),
    embeddingModel: (model) => deferredEmbeddingModel({ provider: settings.name, modelId: model }, async () => (await provider()).embeddingModel(model)),
  };
}
