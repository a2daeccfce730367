import type { AnthropicProvider } from "@ai-sdk/anthropic";
import type { OpenAIProvider } from "@ai-sdk/openai";
import type { OpenAICompatibleProvider } from "@ai-sdk/openai-compatible";
import { ConfigError, MissingApiKeyError, UnknownModelError } from "../../errors/index.js";
import { deferredEmbeddingModel, deferredLanguageModel } from "../deferred-model.js";
import type { ProviderHandle, ProviderSettings } from "./provider-handle.js";

// Each provider's client library loads with its first model call: a command that never
// calls a hosted model never pays for one.

const DEFAULT_OLLAMA_HOST = "http://127.0.0.1:11434";

/** Reads the API key when a request is made, from `apiKey`, `apiKeyEnv` or the default variable. */
function apiKeyReader(settings: ProviderSettings, defaultVariable: string | undefined): () => string {
  return () => {
    const variable = settings.config.apiKeyEnv ?? defaultVariable;
    const key = settings.config.apiKey ?? (variable === undefined ? undefined : settings.env[variable]);
    if (key === undefined || key === "") {
      throw new MissingApiKeyError({ provider: settings.name, environmentVariable: variable ?? `${settings.name.toUpperCase()}_API_KEY` });
    }
    return key;
  };
}

/** OpenAI, or any server that speaks its API when `OPENAI_BASE_URL` points there. */
export function openaiProvider(settings: ProviderSettings): ProviderHandle {
  const baseURL = (settings.config.baseURL ?? settings.env.OPENAI_BASE_URL ?? "https://api.openai.com/v1").replace(/\/+$/, "");
  let client: Promise<OpenAIProvider> | undefined;
  const provider = () =>
    (client ??= import("@ai-sdk/openai").then(({ createOpenAI }) =>
      createOpenAI({ baseURL, apiKey: apiKeyReader(settings, "OPENAI_API_KEY"), headers: settings.config.headers, name: settings.name }),
    ));
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
  const baseURL = (settings.config.baseURL ?? settings.env.ANTHROPIC_BASE_URL ?? "https://api.anthropic.com/v1").replace(/\/+$/, "");
  const readKey = apiKeyReader(settings, "ANTHROPIC_API_KEY");
  let client: Promise<AnthropicProvider> | undefined;
  return {
    name: settings.name,
    baseURL,
    remote: true,
    languageModel: (model) => {
      // The key is read as the model is built, so a missing one is reported before any call.
      const apiKey = readKey();
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
  const baseURL = settings.config.baseURL ?? `${normaliseOllamaHost(settings.env.OLLAMA_HOST)}/v1`;
  return compatible(settings, baseURL, true);
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
  return compatible(settings, settings.config.baseURL, true);
}

function compatible(settings: ProviderSettings, baseURL: string, structuredOutputs: boolean): ProviderHandle {
  const explicitKey = settings.config.apiKey !== undefined || settings.config.apiKeyEnv !== undefined;
  let client: Promise<OpenAICompatibleProvider> | undefined;
  const provider = () =>
    (client ??= import("@ai-sdk/openai-compatible").then(({ createOpenAICompatible }) =>
      createOpenAICompatible({
        name: settings.name,
        baseURL: baseURL.replace(/\/+$/, ""),
        apiKey: explicitKey ? apiKeyReader(settings, undefined) : undefined,
        headers: settings.config.headers,
        includeUsage: true,
        supportsStructuredOutputs: structuredOutputs,
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

/** Turns `OLLAMA_HOST` values such as `0.0.0.0:11434` or `myhost` into a URL a client can use. */
export function normaliseOllamaHost(host: string | undefined): string {
  if (host === undefined || host.trim() === "") return DEFAULT_OLLAMA_HOST;
  const value = host.trim();
  // As Ollama reads it: no scheme means http on port 11434; with a scheme, that scheme's port.
  const hasScheme = /^https?:\/\//.test(value);
  const url = new URL(hasScheme ? value : `http://${value}`);
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  if (!hasScheme && url.port === "") url.port = "11434";
  return url.toString().replace(/\/+$/, "");
}
