import { UnknownModelError } from "../errors/index.js";

/** A model id split into its provider and the provider's own model name. */
export interface ParsedModelId {
  /** The full id, e.g. `openai:gpt-4o-mini`. */
  id: string;
  /** Provider name, e.g. `openai`. */
  provider: string;
  /** The provider's model name, e.g. `gpt-4o-mini` (may itself contain `:`, as Ollama tags do). */
  model: string;
}

/** Parses `provider:model`; the model part may contain further colons (`ollama:llama3.2:1b`). */
export function parseModelId(id: string): ParsedModelId {
  const trimmed = id.trim();
  const colon = trimmed.indexOf(":");
  if (colon <= 0 || colon === trimmed.length - 1) {
    throw new UnknownModelError({ modelId: id, reason: "a model id has the form provider:model" });
  }
  return { id: trimmed, provider: trimmed.slice(0, colon).toLowerCase(), model: trimmed.slice(colon + 1) };
}
