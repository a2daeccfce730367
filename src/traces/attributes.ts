/**
 * Span attribute names, the one place they are spelled: whoever writes an attribute and
 * whoever reads it import the name from here. `gen_ai.*` follow the OpenTelemetry GenAI
 * semantic conventions; `flywheel.*` carry what those conventions do not (cost, the
 * Flywheel model id, status, the labels datasets select traces by).
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
  /** Labels given to the trace (`--tag`), to select it later; an array of strings on the root span. */
  tags: "flywheel.tags",
  /** The prompt the trace ran: a prompt file's name, or a name given in code or request metadata. */
  promptName: "flywheel.prompt.name",
  /** The path of the prompt file the trace ran. */
  promptFile: "flywheel.prompt.file",
  /** The version of the prompt file the trace ran: SHA-256 of its canonical content (`promptContentHash`). */
  promptHash: "flywheel.prompt.hash",
  /** The experiment that chose what this trace ran. */
  experiment: "flywheel.experiment.name",
  /** The experiment's variant this trace ran. */
  experimentVariant: "flywheel.experiment.variant",
  /** The unit (user, session or request id) the experiment assigned. */
  experimentUnit: "flywheel.experiment.unit",
  /** Shared by the traces of one conversation (the turns of a chat session). */
  conversationId: "flywheel.conversation.id",
  /** How many texts an embedding call embedded. */
  embeddingInputs: "flywheel.embedding.inputs",
} as const;

/** Attributes of agent runs, their tool calls and their plans. */
export const AgentAttributes = {
  /** Why the run stopped (`final-answer`, a budget, `repeated-call`, ...). */
  stopReason: "flywheel.agent.stop_reason",
  /** Says why, in words, when the run stopped without an answer. */
  stopMessage: "flywheel.agent.stop_message",
  /** Model calls made. */
  steps: "flywheel.agent.steps",
  /** Tool calls made. */
  toolCalls: "flywheel.agent.tool_calls",
  /** The budgets the run was held to, as JSON. */
  budgets: "flywheel.agent.budgets",
  /** Names of the enabled tools. */
  tools: "flywheel.agent.tools",
  /** Set on a tool span whose call failed or was invalid. */
  toolError: "flywheel.tool.error",
  /** Set on a tool span whose call the user did not approve. */
  toolDenied: "flywheel.tool.denied",
  /** Why a plan could not be read from the model's reply. */
  planError: "flywheel.plan.error",
} as const;

/** Attributes of retrieval: ingest, search, rerank and ask spans. */
export const RagAttributes = {
  /** The collection searched or ingested into. */
  collection: "flywheel.rag.collection",
  /** Retrieval mode: vector, bm25 or hybrid. */
  mode: "flywheel.rag.mode",
  /** Passages asked for. */
  k: "flywheel.rag.k",
  /** Passages found. */
  hits: "flywheel.rag.hits",
  /** Passages given to a reranker. */
  candidates: "flywheel.rag.candidates",
  /** How a reranker graded: pointwise, listwise or cross-encoder. */
  rerankMethod: "flywheel.rag.rerank.method",
  /** A pointwise reranker's relevance probabilities, in the new order, comma-separated. */
  rerankScores: "flywheel.rag.rerank.scores",
  /** Chunks an ingest wrote. */
  chunks: "flywheel.rag.chunks",
  /** Documents an ingest skipped. */
  skipped: "flywheel.rag.skipped",
  /** Citations an answer got by similarity attribution. */
  attributed: "flywheel.rag.attributed",
  /** Whether retrieval found anything relevant to answer from. */
  found: "flywheel.rag.found",
  /** The passage numbers an answer cites, comma-separated. */
  cited: "flywheel.rag.cited",
} as const;

/** Attributes of eval cells: one test case on one variant. */
export const EvalAttributes = {
  runId: "flywheel.eval.run_id",
  testIndex: "flywheel.eval.test_index",
  /** The variant's label (prompt and model). */
  variant: "flywheel.eval.variant",
  repeat: "flywheel.eval.repeat",
  /** The test case's description. */
  test: "flywheel.eval.test",
  /** pass, fail or error. */
  status: "flywheel.eval.status",
  score: "flywheel.eval.score",
} as const;
