import { describeModelProviderConformance } from "./support/model-provider-conformance.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

// Hosted kinds through the in-repo protocol server; the embedded provider with its real tiny model (the mechanics, not the answers, are checked).
let server: ProtocolServer;
useProtocolServer((started) => (server = started));

describeModelProviderConformance("openai", { open: () => flywheelAgainst(server), chat: "openai:gpt-4o-mini", tools: "openai:tool-getWeather", missing: "openai:not-found", maxOutputTokens: 64 });
describeModelProviderConformance("anthropic", {
  open: () => flywheelAgainst(server),
  chat: "anthropic:claude-haiku-4-5",
  tools: "anthropic:tool-getWeather",
  missing: "anthropic:not-found",
  maxOutputTokens: 64,
});
describeModelProviderConformance("openai-compatible", {
  open: () => flywheelAgainst(server, { config: { providers: { vllm: { baseURL: server.openaiBaseURL } }, models: { "vllm:qwen": { price: { input: 1, output: 2 } } } } }),
  chat: "vllm:qwen",
  tools: "vllm:tool-getWeather",
  missing: "vllm:not-found",
  maxOutputTokens: 64,
});
describeModelProviderConformance("local (embedded)", { open: () => flywheelAgainst(server), chat: "local:tiny", tools: "local:tiny", missing: "local:no-such-model", maxOutputTokens: 60 });
