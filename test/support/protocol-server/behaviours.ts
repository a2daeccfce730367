// Behaviour chosen by model name, for clients the test cannot script directly
// (a spawned CLI): `flaky-429-2`, `hang`, `tool-get_weather`, … Any other name echoes.
import { minimalInstance } from "./minimal-instance.js";
import type { NormalizedRequest, Protocol } from "./normalized-request.js";
import { contextLengthError, invalidRequestError, modelNotFoundError, rateLimitError, serverError } from "./provider-errors.js";
import type { ReplySpec } from "./reply-spec.js";
import { isRecord } from "./is-record.js";
import { promptCharacters, tokensForCharacters } from "./usage.js";

/** What a model name selects. */
export type Behaviour =
  | { kind: "echo" }
  | { kind: "flaky"; status: number; failures: number }
  | { kind: "error"; status: number }
  | { kind: "not-found" }
  | { kind: "hang" }
  | { kind: "slow"; delayMs: number }
  | { kind: "malformed" }
  | { kind: "context"; maxCharacters: number }
  | { kind: "tool"; toolName: string }
  | { kind: "usage-negative" }
  | { kind: "usage-missing" }
  | { kind: "ignore-max-tokens" }
  | { kind: "grader" };

/** What `failureReply` needs to know about a request. */
export interface FailureContext {
  /** Protocol, for the error shape. */
  protocol: Protocol;
  /** Requested model name. */
  model: string;
  /** 0-based index of this request among requests to the model. */
  callIndex: number;
  /** Characters of all prompt text. */
  promptCharacters: number;
}

const echoLimit = 200;
const parsed = new Map<string, Behaviour>();

/** Reads the behaviour from a model name (cached; names repeat on every request). */
export function parseBehaviour(model: string): Behaviour {
  let behaviour = parsed.get(model);
  if (behaviour === undefined) {
    if (parsed.size >= 1000) parsed.clear();
    behaviour = readBehaviour(model);
    parsed.set(model, behaviour);
  }
  return behaviour;
}

function readBehaviour(model: string): Behaviour {
  switch (model) {
    case "error-500":
      return { kind: "error", status: 500 };
    case "error-400":
      return { kind: "error", status: 400 };
    case "not-found":
      return { kind: "not-found" };
    case "hang":
      return { kind: "hang" };
    case "malformed":
      return { kind: "malformed" };
    case "usage-negative":
    case "usage-missing":
    case "ignore-max-tokens":
      return { kind: model };
    case "gpt-5.6-sol":
      return { kind: "grader" };
  }
  const flaky = /^flaky-(429|500|529)-(\d+)$/.exec(model);
  if (flaky !== null) return { kind: "flaky", status: Number(flaky[1]), failures: Number(flaky[2]) };
  const slow = /^slow-(\d+)$/.exec(model);
  if (slow !== null) return { kind: "slow", delayMs: Number(slow[1]) };
  const context = /^context-(\d+)$/.exec(model);
  if (context !== null) return { kind: "context", maxCharacters: Number(context[1]) };
  if (model.startsWith("tool-") && model.length > 5) return { kind: "tool", toolName: model.slice(5) };
  return { kind: "echo" };
}

/**
 * The failure a behaviour produces for this request (error, hang or malformed
 * body), or `undefined` when it answers normally. Shared by chat and embeddings.
 */
export function failureReply(behaviour: Behaviour, context: FailureContext): ReplySpec | undefined {
  switch (behaviour.kind) {
    case "flaky":
      if (context.callIndex >= behaviour.failures) return undefined;
      return { error: behaviour.status === 429 ? rateLimitError(context.protocol, context.model) : serverError(context.protocol, behaviour.status) };
    case "error":
      return {
        error:
          behaviour.status === 400
            ? invalidRequestError(`Invalid request: model \`${context.model}\` always rejects requests.`)
            : serverError(context.protocol, behaviour.status),
      };
    case "not-found":
      return { error: modelNotFoundError(context.protocol, context.model) };
    case "hang":
      return { hang: true };
    case "malformed":
      return { malformed: true };
    case "context":
      if (context.promptCharacters <= behaviour.maxCharacters) return undefined;
      return {
        error: contextLengthError(context.protocol, Math.floor(behaviour.maxCharacters / 4), tokensForCharacters(context.promptCharacters)),
      };
    default:
      return undefined;
  }
}

/**
 * The reply a model name selects (counters are per model name, since start or `reset()`):
 *
 * - `flaky-429-<n>`: the first n requests get 429 with `Retry-After: 1`, then as below.
 *   `flaky-500-<n>` and `flaky-529-<n>` (Anthropic overloaded) likewise.
 * - `error-500`, `error-400`: always that status. `not-found`: 404 model not found.
 * - `hang`: never answers. `malformed`: 200 with broken JSON (or broken SSE JSON).
 * - `slow-<ms>`: answers as any other name, after waiting `ms` (streams: before the first chunk).
 * - `context-<n>`: 400 context-length error when the prompt has more than n characters.
 * - `tool-<name>`: when tools (or OpenAI's legacy `functions`) are offered, calls `<name>`
 *   with a minimal instance of its schema; after a tool result, `Tool result: <text>`.
 * - `usage-negative`: echoes, reporting -1,000,000 prompt and completion tokens.
 *   `usage-missing`: echoes with no usage in the answer (OpenAI).
 * - `ignore-max-tokens`: echoes, then 2,000 more words, whatever the request's max tokens.
 * - `gpt-5.6-sol` (promptfoo's default OpenAI grader): a JSON verdict on a rubric request
 *   (see `graderReply`); other requests as below.
 * - With a JSON response format: a minimal instance of the schema.
 * - Otherwise: `You said: <last user text, first 200 characters>`.
 */
export function behaviourReply(request: NormalizedRequest): ReplySpec {
  const behaviour = parseBehaviour(request.model);
  const failure = failureReply(behaviour, {
    protocol: request.protocol,
    model: request.model,
    callIndex: request.callIndex,
    promptCharacters: promptCharacters(request.messages),
  });
  if (failure !== undefined) return failure;
  const reply = behaviour.kind === "tool" ? toolReply(request, behaviour.toolName) : behaviour.kind === "grader" ? graderReply(request) : contentReply(request);
  if (behaviour.kind === "slow") reply.delayMs = behaviour.delayMs;
  if (behaviour.kind === "usage-negative") reply.usage = { inputTokens: -1_000_000, outputTokens: -1_000_000 };
  if (behaviour.kind === "usage-missing") reply.omitUsage = true;
  if (behaviour.kind === "ignore-max-tokens") return { text: `${echoText(request)}${" more".repeat(2000)}`, ignoreMaxTokens: true };
  return reply;
}

function toolReply(request: NormalizedRequest, toolName: string): ReplySpec {
  const last = request.messages.at(-1);
  if (last?.role === "tool") {
    return request.responseFormat === undefined ? { text: `Tool result: ${last.content}` } : contentReply(request);
  }
  if (request.tools.length === 0) return contentReply(request);
  const tool = request.tools.find((candidate) => candidate.name === toolName);
  const input = tool === undefined ? {} : minimalInstance(tool.inputSchema);
  return { toolCalls: [{ name: toolName, arguments: isRecord(input) ? input : {} }] };
}

/**
 * The default grader's verdict on a rubric request (`<Output>…</Output><Rubric>…</Rubric>`,
 * as promptfoo and Flywheel send it), derived from the text alone: the score is the share of
 * the rubric's quoted words ('…' or "…") the output contains, case-insensitively (1 with
 * none quoted), and it passes only at 1. Other requests echo.
 */
function graderReply(request: NormalizedRequest): ReplySpec {
  const last = request.messages.findLast((message) => message.role === "user")?.content ?? "";
  const match = /<Output>\n([\s\S]*)\n<\/Output>\n<Rubric>\n([\s\S]*)\n<\/Rubric>/.exec(last);
  if (match === null) return contentReply(request);
  const output = match[1]!.toLowerCase();
  const quoted = [...match[2]!.matchAll(/'([^']+)'|"([^"]+)"/g)].map((found) => (found[1] ?? found[2]!).toLowerCase());
  const found = quoted.filter((word) => output.includes(word)).length;
  const score = quoted.length === 0 ? 1 : found / quoted.length;
  return { text: JSON.stringify({ reason: `the output contains ${found} of the ${quoted.length} quoted words`, pass: score === 1, score }) };
}

function contentReply(request: NormalizedRequest): ReplySpec {
  if (request.responseFormat !== undefined) return { json: minimalInstance(request.responseFormat.schema ?? {}) };
  return { text: echoText(request) };
}

/** `You said: <last user message text>`, the text cut to its first 200 characters. */
export function echoText(request: NormalizedRequest): string {
  let lastUser = "";
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message?.role === "user") {
      lastUser = message.content;
      break;
    }
  }
  return `You said: ${lastUser.slice(0, echoLimit)}`;
}
