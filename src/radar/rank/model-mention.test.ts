import { describe, expect, it } from "vitest";
import { matchModel, modelPatterns } from "./model-mention.js";
import { textTokens } from "./text-tokens.js";

const match = (modelId: string, text: string) => matchModel(modelPatterns(modelId), textTokens(text));

describe("model mentions", () => {
  it("finds a model however the news writes its name", () => {
    expect(match("anthropic:claude-haiku-4-5", "Anthropic cuts Claude Haiku 4.5 prices")).toBe("model");
    expect(match("anthropic:claude-haiku-4-5", "Haiku 4.5 now in Bedrock")).toBe("model");
    expect(match("openai:gpt-4o-mini", "GPT-4o mini gets cheaper")).toBe("model");
    expect(match("ollama:llama3.1:8b", "Running Llama 3.1 8B on a laptop")).toBe("model");
    expect(match("anthropic:claude-3-5-haiku-20241022", "Claude 3.5 Haiku deprecated")).toBe("model");
  });

  it("tells a new version of the family and the provider alone from the model", () => {
    expect(match("anthropic:claude-haiku-4-5", "Anthropic launches Claude Haiku 5")).toBe("family");
    expect(match("openai:gpt-4o-mini", "Meet GPT-5 mini")).toBe("family");
    expect(match("anthropic:claude-haiku-4-5", "Claude Opus 4.1 tops a benchmark")).toBe("provider");
    expect(match("anthropic:claude-haiku-4-5", "Haiku poetry app tops the charts")).toBeUndefined();
    expect(match("openai:gpt-4o-mini", "GPT-4o gets a voice mode")).toBe("provider");
  });
});
