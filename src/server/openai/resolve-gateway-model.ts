import { MissingUnitError } from "../../experiments/index.js";
import type { ExperimentAssignment } from "../../experiments/index.js";
import { FlywheelError } from "../../errors/index.js";
import { MissingVariableError, PROMPT_HASH_DISPLAY_LENGTH, promptTraceLabels, recordPromptVersion, renderPromptFile, resolvePromptReferenceCached } from "../../prompts/index.js";
import type { PromptFile } from "../../prompts/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { TraceLabels } from "../../traces/index.js";
import { requestTraceLabels } from "./chat-request.js";
import type { ChatCompletionRequest } from "./chat-request.js";

/** What a `prompt:` or `experiment:` model resolves to: the request to send on, its model, its trace labels and the response headers that say what ran. */
export interface GatewayModel {
  /** The request with the prompt file's messages first and the prompt's or variant's parameters applied. */
  request: ChatCompletionRequest;
  /** The registry model to call. */
  modelId: string;
  labels: TraceLabels;
  headers: Record<string, string>;
  /** The prompt file the call runs, whose online checks run on its answer. */
  prompt?: PromptFile;
}

type Parameters = Pick<ChatCompletionRequest, "temperature" | "top_p" | "max_tokens" | "seed" | "stop">;

/**
 * Resolves `model: "prompt:<name>[@hash]"` and `model: "experiment:<name>"`.
 * - `prompt:`: the prompt file's system and user templates, rendered with the body's
 *   `variables`, come before the request's messages; its model and parameters apply, the
 *   request's parameters win (as options given to `runPrompt` do).
 * - `experiment:`: the unit is the `x-flywheel-unit` header, else (session experiments) the
 *   `x-flywheel-session` header, else the OpenAI `user` field; the variant's prompt file, model
 *   and parameters apply and win over the request's, since they are what the experiment tests.
 *   A variant without a prompt file sends the request's messages.
 * The trace is labelled with the prompt version and the experiment, variant and unit.
 */
export async function resolveGatewayModel(flywheel: Flywheel, request: ChatCompletionRequest, header: (name: string) => string | undefined): Promise<GatewayModel> {
  const colon = request.model.indexOf(":");
  const kind = request.model.slice(0, colon);
  const reference = request.model.slice(colon + 1);
  if (kind === "prompt") {
    const file = await loadPrompt(flywheel, reference);
    return {
      request: { ...withPromptMessages(request, file), ...requestWins(request, promptParameters(file)) },
      modelId: file.model ?? flywheel.config.defaultModel,
      labels: { ...requestTraceLabels(request), ...promptTraceLabels(file) },
      headers: promptHeaders(file),
      prompt: file,
    };
  }
  const assignment = await assign(flywheel, reference, unitOf(flywheel, reference, request, header));
  const { settings } = assignment;
  const file = settings.prompt === undefined ? undefined : await loadPrompt(flywheel, settings.prompt);
  if (file === undefined && request.messages.length === 0) {
    throw new FlywheelError({
      code: "invalid-request",
      message: `messages: variant "${assignment.variant}" of experiment "${reference}" names no prompt file, so send at least one message`,
      hint: `or set experiments.${reference}.variants.${assignment.variant}.prompt`,
    });
  }
  const variantParameters: Parameters = { temperature: settings.temperature, top_p: settings.topP, max_tokens: settings.maxTokens, seed: settings.seed };
  return {
    request: { ...(file === undefined ? request : withPromptMessages(request, file)), ...variantWins(request, file, variantParameters) },
    modelId: settings.model ?? file?.model ?? flywheel.config.defaultModel,
    labels: { ...requestTraceLabels(request), ...(file === undefined ? {} : promptTraceLabels(file)), experiment: { name: assignment.experiment, variant: assignment.variant, unit: assignment.unit } },
    headers: { ...experimentHeaders(assignment), ...(file === undefined ? {} : promptHeaders(file)) },
    ...(file === undefined ? {} : { prompt: file }),
  };
}

async function assign(flywheel: Flywheel, name: string, unit: string | undefined): Promise<ExperimentAssignment> {
  try {
    return await flywheel.experiment(name).variantFor(unit);
  } catch (error) {
    if (!(error instanceof MissingUnitError)) throw error;
    const session = flywheel.config.experiments[name]?.unit === "session";
    throw new MissingUnitError({ experiment: name, unit: session ? "session" : "user", hint: `send the ${session ? "x-flywheel-session header, the x-flywheel-unit header" : "x-flywheel-unit header"} or the body's "user" field` });
  }
}

function unitOf(flywheel: Flywheel, name: string, request: ChatCompletionRequest, header: (name: string) => string | undefined): string | undefined {
  const session = flywheel.config.experiments[name]?.unit === "session" ? header("x-flywheel-session") : undefined;
  return header("x-flywheel-unit") ?? session ?? request.user;
}

async function loadPrompt(flywheel: Flywheel, reference: string): Promise<PromptFile> {
  const file = await resolvePromptReferenceCached(flywheel, reference);
  await recordPromptVersion(flywheel.store, file);
  return file;
}

function withPromptMessages(request: ChatCompletionRequest, file: PromptFile): ChatCompletionRequest {
  let rendered;
  try {
    rendered = renderPromptFile(file, request.variables ?? {});
  } catch (error) {
    if (!(error instanceof MissingVariableError)) throw error;
    throw new FlywheelError({
      code: "missing-variable",
      message: `prompt "${file.name}" needs ${error.variables.map((name) => `{{${name}}}`).join(", ")}, and the request's variables do not set ${error.variables.length > 1 ? "them" : "it"}`,
      hint: `send them in the body: "variables": {${error.variables.map((name) => `"${name}": …`).join(", ")}}`,
    });
  }
  const first: ChatCompletionRequest["messages"] = [];
  if (rendered.system !== undefined && rendered.system !== "") first.push({ role: "system", content: rendered.system });
  if (rendered.prompt !== "") first.push({ role: "user", content: rendered.prompt });
  return { ...request, messages: [...first, ...request.messages] };
}

function promptParameters(file: PromptFile): Parameters {
  const { parameters } = file;
  return { temperature: parameters.temperature, top_p: parameters.topP, max_tokens: parameters.maxTokens, seed: parameters.seed, stop: parameters.stopSequences };
}

/** The request's own parameters, falling back to the prompt's. */
function requestWins(request: ChatCompletionRequest, defaults: Parameters): Parameters & Pick<ChatCompletionRequest, "max_completion_tokens"> {
  return {
    temperature: request.temperature ?? defaults.temperature,
    top_p: request.top_p ?? defaults.top_p,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaults.max_tokens,
    max_completion_tokens: undefined,
    seed: request.seed ?? defaults.seed,
    stop: request.stop ?? defaults.stop,
  };
}

/** The variant's parameters, then its prompt file's, then the request's. */
function variantWins(request: ChatCompletionRequest, file: PromptFile | undefined, variant: Parameters): ReturnType<typeof requestWins> {
  const underneath = file === undefined ? requestWins(request, {}) : { ...requestWins(request, {}), ...definedOnly(promptParameters(file)) };
  return { ...underneath, ...definedOnly(variant) };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function promptHeaders(file: PromptFile): Record<string, string> {
  return { "x-flywheel-prompt": `${file.name}@${file.hash.slice(0, PROMPT_HASH_DISPLAY_LENGTH)}` };
}

function experimentHeaders(assignment: ExperimentAssignment): Record<string, string> {
  return { "x-flywheel-experiment": assignment.experiment, "x-flywheel-variant": assignment.variant, "x-flywheel-unit": assignment.unit };
}
