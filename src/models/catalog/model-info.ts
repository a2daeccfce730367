/** What Flywheel knows about a model: limits, capabilities and price. */
export interface ModelInfo {
  /** Full model id, `provider:model`. */
  id: string;
  provider: string;
  /** Chat (language) or embedding model. */
  type: "chat" | "embedding";
  /** Context window in tokens, when known. */
  contextWindow?: number;
  /** Largest output in one call, when known. */
  maxOutputTokens?: number;
  /** What the model supports. */
  capabilities: { tools: boolean; json: boolean; vision: boolean };
  /** US dollars per million tokens, when known. */
  price?: { input: number; output: number };
  /** Where the facts came from: the built-in catalog, config, or a provider (local models). */
  source: "catalog" | "config" | "provider" | "unknown";
  /** Free-form notes (licence, origin of a local model). */
  notes?: string;
  /** Embedding models: where their cosine scores lie, when measured (unrelated text, a relevant best hit). */
  similarity?: { unrelated: number; relevant: number };
}

/** Token usage of one call, in the shape the AI SDK reports. */
export interface TokenUsage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
}

/** Cost in US dollars of a call, or undefined when the price or the usage is unknown. */
export function costOf(info: ModelInfo | undefined, usage: TokenUsage): number | undefined {
  if (info?.price === undefined || usage.inputTokens === undefined) return undefined;
  // Usage from the model layer is already sane; a count that is not stays out of the sum.
  return (tokens(usage.inputTokens) * info.price.input + tokens(usage.outputTokens) * info.price.output) / 1_000_000;
}

function tokens(count: number | undefined): number {
  return count !== undefined && Number.isFinite(count) && count > 0 ? count : 0;
}
