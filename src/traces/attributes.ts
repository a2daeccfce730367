/**
 * Span attribute names. `gen_ai.*` follow the OpenTelemetry GenAI semantic conventions;
 * `flywheel.*` carry what those conventions do not (cost, the Flywheel model id, status).
 */
export const GenAi = {
  operationName: "gen_ai.operation.name",
  system: "gen_ai.system",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  requestTemperature: "gen_ai.request.temperature",
  requestTopP: "gen_ai.request.top_p",
  requestMaxTokens: "gen_ai.request.max_tokens",
  requestStopSequences: "gen_ai.request.stop_sequences",
  requestSeed: "gen_ai.request.seed",
  responseModel: "gen_ai.response.model",
  responseId: "gen_ai.response.id",
  responseFinishReasons: "gen_ai.response.finish_reasons",
  usageInputTokens: "gen_ai.usage.input_tokens",
  usageOutputTokens: "gen_ai.usage.output_tokens",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  systemInstructions: "gen_ai.system_instructions",
  toolDefinitions: "gen_ai.tool.definitions",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  errorType: "error.type",
} as const;

/** Flywheel's own attributes. */
export const FlywheelAttributes = {
  /** What the span is: model, embedding, run, step, tool, ... */
  spanKind: "flywheel.span.kind",
  /** The model id as the user wrote it, e.g. `openai:gpt-4o-mini`. */
  modelId: "flywheel.model.id",
  /** Cost of the call in US dollars, when the catalog knows the price. */
  costUsd: "flywheel.cost_usd",
  /** Milliseconds from the request to the first streamed chunk. */
  timeToFirstTokenMs: "flywheel.time_to_first_token_ms",
  /** Set to `cancelled` when the caller aborted the work. */
  status: "flywheel.status",
  /** Whether the response came from the response cache. */
  cacheHit: "flywheel.cache.hit",
  /** Attempts made, counting retries. */
  attempts: "flywheel.attempts",
  /** A readable input for non-model spans (a question, a tool input). */
  input: "flywheel.input",
  /** A readable output for non-model spans. */
  output: "flywheel.output",
} as const;
