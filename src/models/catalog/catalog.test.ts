import { describe, expect, it } from "vitest";
import { UnknownModelError } from "../../errors/index.js";
import { parseModelId } from "../model-id.js";
import { normaliseOllamaHost } from "../providers/provider-credentials.js";
import { createCatalog } from "./catalog.js";
import { costOf } from "./model-info.js";

describe("model ids", () => {
  it("splits provider and model, keeping colons in the model part", () => {
    expect(parseModelId("openai:gpt-4o-mini")).toEqual({ id: "openai:gpt-4o-mini", provider: "openai", model: "gpt-4o-mini" });
    expect(parseModelId("ollama:llama3.2:1b").model).toBe("llama3.2:1b");
  });

  it("rejects ids without a provider or a model", () => {
    for (const bad of ["gpt-4o", ":x", "openai:", ""]) expect(() => parseModelId(bad)).toThrow(UnknownModelError);
  });
});

describe("catalog", () => {
  it("knows prices and context windows of common hosted models", () => {
    const info = createCatalog().get("openai:gpt-4o-mini");
    expect(info).toMatchObject({ contextWindow: 128_000, price: { input: 0.15, output: 0.6 }, source: "catalog" });
  });

  it("computes cost from usage and price per million tokens", () => {
    const info = createCatalog().get("openai:gpt-4o-mini");
    expect(costOf(info, { inputTokens: 1_000_000, outputTokens: 500_000 })).toBeCloseTo(0.15 + 0.3, 10);
    expect(costOf(createCatalog().get("myserver:llama"), { inputTokens: 10, outputTokens: 10 })).toBeUndefined();
  });

  it("lets config override and add entries field by field", () => {
    const catalog = createCatalog({
      overrides: {
        "openai:gpt-4o-mini": { price: { input: 1, output: 2 } },
        "vllm:qwen": { contextWindow: 32_768, capabilities: { tools: false } },
      },
    });
    expect(catalog.get("openai:gpt-4o-mini")).toMatchObject({ contextWindow: 128_000, price: { input: 1, output: 2 }, source: "config" });
    expect(catalog.get("vllm:qwen")).toMatchObject({ contextWindow: 32_768, capabilities: { tools: false } });
    expect(catalog.list().map((info) => info.id)).toContain("vllm:qwen");
  });

  it("returns an 'unknown' entry for models it has never heard of", () => {
    expect(createCatalog().get("openai:some-future-model")).toMatchObject({ source: "unknown", provider: "openai" });
  });
});

describe("OLLAMA_HOST", () => {
  it("accepts the forms Ollama itself accepts", () => {
    expect(normaliseOllamaHost(undefined)).toBe("http://127.0.0.1:11434");
    expect(normaliseOllamaHost("0.0.0.0:11434")).toBe("http://127.0.0.1:11434");
    expect(normaliseOllamaHost("gpu-box")).toBe("http://gpu-box:11434");
    expect(normaliseOllamaHost("https://ollama.example.com")).toBe("https://ollama.example.com");
  });
});
