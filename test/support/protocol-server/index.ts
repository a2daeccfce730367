// In-repo OpenAI / Anthropic protocol server for tests and benchmarks: the real
// provider clients run end to end against it, with replies scripted per model
// or chosen by model name (`flaky-429-2`, `hang`, `tool-get_weather`, …).
export { startProtocolServer } from "./protocol-server.js";
export { useProtocolServer } from "./use-protocol-server.js";
export type { ProtocolServer, ProtocolServerOptions } from "./protocol-server.js";
export type { RecordedRequest } from "./server-state.js";
export type { FineTuningState, FineTuningJob, StoredFile, FineTuningEvent } from "./fine-tuning-state.js";
export type {
  ErrorReply,
  ErrorSpec,
  HangReply,
  JsonReply,
  MalformedReply,
  ReplyOptions,
  ReplySpec,
  ScriptHandler,
  ScriptedToolCall,
  TextReply,
  ToolCallsReply,
  UsageOverride,
} from "./reply-spec.js";
export type {
  JsonSchema,
  NormalizedMessage,
  NormalizedRequest,
  NormalizedTool,
  NormalizedToolCall,
  NormalizedToolChoice,
  Protocol,
  ResponseFormat,
} from "./normalized-request.js";
export { behaviourReply, echoText } from "./behaviours.js";
export { minimalInstance } from "./minimal-instance.js";
export { embeddingVector } from "./embedding-vector.js";
