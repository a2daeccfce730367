import { describe, expect, it } from "vitest";
import { MissingApiKeyError } from "../../errors/index.js";
import { resolveProviderCredentials } from "./provider-credentials.js";

describe("resolveProviderCredentials", () => {
  it("reads a built-in provider's base URL and key from config, else its variables, else its default", () => {
    const fromEnv = resolveProviderCredentials("openai", {}, { OPENAI_BASE_URL: "http://127.0.0.1:9/v1//", OPENAI_API_KEY: "k1" });
    expect([fromEnv.baseURL, fromEnv.keyVariable, fromEnv.keySet(), fromEnv.readKey()]).toEqual(["http://127.0.0.1:9/v1", "OPENAI_API_KEY", true, "k1"]);
    expect(resolveProviderCredentials("anthropic", {}, {}).baseURL).toBe("https://api.anthropic.com/v1");
    const configured = resolveProviderCredentials("work", { type: "anthropic", baseURL: "https://proxy.example/v1", apiKeyEnv: "WORK_KEY" }, { ANTHROPIC_BASE_URL: "http://ignored", WORK_KEY: "k2" });
    expect([configured.baseURL, configured.keyVariable, configured.readKey()]).toEqual(["https://proxy.example/v1", "WORK_KEY", "k2"]);
  });

  it("reads ANTHROPIC_BASE_URL as the host root, as the Anthropic SDK does, and keeps a value that already ends in /v1", () => {
    const root = (value: string) => resolveProviderCredentials("anthropic", {}, { ANTHROPIC_BASE_URL: value }).baseURL;
    expect(root("http://127.0.0.1:9")).toBe("http://127.0.0.1:9/v1");
    expect(root("https://proxy.example/anthropic/")).toBe("https://proxy.example/anthropic/v1");
    expect(root("http://127.0.0.1:9/v1/")).toBe("http://127.0.0.1:9/v1");
    expect(resolveProviderCredentials("openai", {}, { OPENAI_BASE_URL: "http://127.0.0.1:9" }).baseURL).toBe("http://127.0.0.1:9");
  });

  it("reads the key when asked, and names the variable to set when it is missing", () => {
    const env: Record<string, string | undefined> = {};
    const credentials = resolveProviderCredentials("openai", {}, env);
    expect(credentials.keySet()).toBe(false);
    const error = (() => {
      try {
        return credentials.readKey();
      } catch (caught) {
        return caught;
      }
    })();
    expect(MissingApiKeyError.isInstance(error)).toBe(true);
    expect((error as MissingApiKeyError).hint).toContain("OPENAI_API_KEY");
    env.OPENAI_API_KEY = "later";
    expect(credentials.readKey()).toBe("later");
  });

  it("needs no key for a local OpenAI-compatible server unless its config names one, and finds Ollama through OLLAMA_HOST", () => {
    const vllm = resolveProviderCredentials("vllm", { baseURL: "http://localhost:8000/v1/" }, {});
    expect([vllm.baseURL, vllm.keySet()]).toEqual(["http://localhost:8000/v1", null]);
    expect(resolveProviderCredentials("vllm", { baseURL: "http://localhost:8000/v1", apiKeyEnv: "VLLM_KEY" }, {}).keySet()).toBe(false);
    expect(resolveProviderCredentials("ollama", {}, { OLLAMA_HOST: "0.0.0.0" }).baseURL).toBe("http://127.0.0.1:11434/v1");
    expect(resolveProviderCredentials("custom", {}, {}).baseURL).toBeUndefined();
  });
});
