import { ConfigError } from "../../errors/index.js";
import type { FunctionDeclaration, ModelParameters, ResponseFormat } from "./eval-suite.js";
import { importModule, parseYamlText, readTextFile, resolveFileReference } from "./read-structured-file.js";

/** Where a config object sits, for messages and relative paths. */
export interface ModelParametersContext {
  baseDir: string;
  /** The suite file, for messages. */
  file: string;
  /** Key path of the config object, e.g. `providers[0].config`. */
  where: string;
  /** Collects keys that are not model parameters (the caller decides what they mean). */
  unknownKeys: Set<string>;
}

// promptfoo's OpenAI provider sends these too; Flywheel cannot, so a config that sets one is refused.
const refusedKeys = new Set([
  "functionToolCallbacks",
  "mcp",
  "passthrough",
  "tool_resources",
  "reasoning",
  "modalities",
  "audio",
  "logit_bias",
  "logprobs",
  "top_logprobs",
  "n",
  "prediction",
  "service_tier",
  "user",
  "metadata",
  "store",
  "prompt_cache_key",
  "parallel_tool_calls",
]);

const numberKeys: Record<string, keyof ModelParameters> = {
  temperature: "temperature",
  max_tokens: "maxTokens",
  max_completion_tokens: "maxTokens",
  maxTokens: "maxTokens",
  top_p: "topP",
  topP: "topP",
  top_k: "topK",
  topK: "topK",
  seed: "seed",
  presence_penalty: "presencePenalty",
  presencePenalty: "presencePenalty",
  frequency_penalty: "frequencyPenalty",
  frequencyPenalty: "frequencyPenalty",
};

const renderedKeys = new Set(["response_format", "functions", "tools", "reasoning_effort"]);

const otherKeys = new Set(["stop", "stopSequences", "system", "systemPrompt", "response_format", "responseFormat", "reasoning_effort", "verbosity", "functions", "tools", "function_call", "tool_choice"]);

/**
 * Reads model parameters from a promptfoo config object (a provider's `config`, a
 * prompt's `config` or a test's `options`): sampling settings, `response_format` (also
 * `file://`), OpenAI `functions`/`tools` (also `file://`) and their choice, and
 * `reasoning_effort`/`verbosity`. Request settings Flywheel cannot send are refused by
 * key; anything else is left to the caller through `unknownKeys`.
 */
export async function parseModelParameters(config: Record<string, unknown>, context: ModelParametersContext): Promise<ModelParameters> {
  const parameters: ModelParameters = {};
  for (const [key, value] of Object.entries(config)) {
    const where = `${context.where}.${key}`;
    if (refusedKeys.has(key)) {
      throw new ConfigError({ file: context.file, key: where, found: `${key}, which Flywheel does not support`, expected: "only settings Flywheel supports", hint: `remove \`${key}\`: Flywheel cannot send it, so its results would differ from promptfoo's` });
    }
    if (!Object.hasOwn(numberKeys, key) && !otherKeys.has(key)) {
      context.unknownKeys.add(where);
      continue;
    }
    // promptfoo renders test vars into these settings; Flywheel sends settings as written.
    if (renderedKeys.has(key) && (JSON.stringify(value) ?? "").includes("{{")) throw refusal(context, where, "a {{variable}} template", "a value without templates (Flywheel does not render vars into model settings)");
    const numberKey = Object.hasOwn(numberKeys, key) ? numberKeys[key]! : undefined;
    if (numberKey !== undefined) {
      if (typeof value !== "number") throw new ConfigError({ file: context.file, key: where, found: JSON.stringify(value), expected: "a number" });
      (parameters as Record<string, unknown>)[numberKey] = value;
    } else if (key === "stop" || key === "stopSequences") parameters.stopSequences = Array.isArray(value) ? value.map(String) : [String(value)];
    else if (key === "system" || key === "systemPrompt") parameters.system = String(value);
    else if (key === "response_format" || key === "responseFormat") parameters.responseFormat = await responseFormat(value, where, context);
    else if (key === "reasoning_effort") parameters.reasoningEffort = text(value, where, context);
    else if (key === "verbosity") parameters.verbosity = text(value, where, context);
    else if (key === "functions") parameters.tools = (await loadList(value, where, context)).map((item, index) => declaration(item, `${where}[${index}]`, context));
    else if (key === "tools") parameters.tools = (await loadList(value, where, context)).map((item, index) => toolDeclaration(item, `${where}[${index}]`, context));
    else parameters.toolChoice = toolChoice(value, where, context);
  }
  if (config.functions !== undefined && config.tools !== undefined) throw refusal(context, `${context.where}.functions`, "both functions and tools", "one of them");
  if (config.functions !== undefined) parameters.callShape = "functions";
  else if (config.tools !== undefined) parameters.callShape = "tools";
  return parameters;
}

async function responseFormat(value: unknown, where: string, context: ModelParametersContext): Promise<ResponseFormat> {
  const loaded = await loadReference(value, where, context);
  if (loaded === "json" || loaded === "json_object") return { type: "json_object" };
  if (loaded === "text") return { type: "text" };
  const format = record(loaded, where, context, "{type: json_object}, {type: json_schema, json_schema: {name, schema}} or a file:// path");
  if (format.type === "json_object" || format.type === "text") return { type: format.type };
  if (format.type !== "json_schema") throw refusal(context, `${where}.type`, JSON.stringify(format.type), "json_object, json_schema or text");
  // promptfoo accepts the schema under json_schema (OpenAI's shape) or at the top level.
  const inner = format.json_schema === undefined ? format : record(format.json_schema, `${where}.json_schema`, context, "{name, schema}");
  const schemaWhere = format.json_schema === undefined ? `${where}.schema` : `${where}.json_schema.schema`;
  const schema = record(await loadReference(inner.schema, schemaWhere, context), schemaWhere, context, "a JSON schema object");
  return {
    type: "json_schema",
    name: typeof inner.name === "string" ? inner.name : "response",
    ...(typeof inner.description === "string" ? { description: inner.description } : {}),
    ...(typeof inner.strict === "boolean" ? { strict: inner.strict } : {}),
    schema,
    ...(typeof value === "string" ? { fromFile: true } : {}),
  };
}

/** A value, or the contents of the `file://` JSON/YAML file (or `file://x.js:fn` result) it names. */
async function loadReference(value: unknown, where: string, context: ModelParametersContext): Promise<unknown> {
  if (typeof value !== "string" || !value.startsWith("file://")) return value;
  const match = /^(.*\.[cm]?[jt]s):([A-Za-z_$][\w$]*)$/.exec(value);
  if (match !== null) {
    const exported = await importModule(resolveFileReference(match[1]!, context.baseDir), match[2]);
    if (typeof exported !== "function") throw refusal(context, where, `${value}, which is not a function`, "a file://module.js:functionName that returns the value");
    return await (exported as () => unknown)();
  }
  const file = resolveFileReference(value, context.baseDir);
  if (!/\.(json|ya?ml)$/i.test(file)) throw refusal(context, where, value, "a file://path to a .json, .yaml or .yml file, or file://module.js:functionName");
  return parseYamlText(await readTextFile(file, context.file), file);
}

/** A list that may be a `file://` reference, or hold `file://` references that each load one or more items. */
async function loadList(value: unknown, where: string, context: ModelParametersContext): Promise<unknown[]> {
  const loaded = await loadReference(value, where, context);
  if (!Array.isArray(loaded)) throw refusal(context, where, JSON.stringify(loaded) ?? "nothing", "a list (or a file:// path to one)");
  const items = await Promise.all(loaded.map((item, index) => loadReference(item, `${where}[${index}]`, context)));
  return items.flat();
}

function declaration(value: unknown, where: string, context: ModelParametersContext): FunctionDeclaration {
  const item = record(value, where, context, "{name, description, parameters}");
  if (typeof item.name !== "string" || item.name === "") throw refusal(context, `${where}.name`, JSON.stringify(item.name) ?? "nothing", "the function's name");
  const parameters = item.parameters === undefined ? { type: "object", properties: {} } : record(item.parameters, `${where}.parameters`, context, "a JSON schema object");
  return { name: item.name, ...(typeof item.description === "string" ? { description: item.description } : {}), parameters };
}

function toolDeclaration(value: unknown, where: string, context: ModelParametersContext): FunctionDeclaration {
  const item = record(value, where, context, "{type: function, function: {name, parameters}}");
  if (item.type !== "function") throw refusal(context, `${where}.type`, JSON.stringify(item.type) ?? "nothing", "function (the only tool type Flywheel sends)");
  return declaration(item.function, `${where}.function`, context);
}

function toolChoice(value: unknown, where: string, context: ModelParametersContext): NonNullable<ModelParameters["toolChoice"]> {
  if (value === "auto" || value === "none" || value === "required") return value;
  const choice = typeof value === "object" && value !== null ? (value as { name?: unknown; function?: { name?: unknown } }) : {};
  const name = choice.function?.name ?? choice.name;
  if (typeof name === "string") return { name };
  throw refusal(context, where, JSON.stringify(value) ?? "nothing", "auto, none, required or the function to call");
}

function record(value: unknown, where: string, context: ModelParametersContext, expected: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw refusal(context, where, JSON.stringify(value) ?? "nothing", expected);
}

function text(value: unknown, where: string, context: ModelParametersContext): string {
  if (typeof value === "string") return value;
  throw refusal(context, where, JSON.stringify(value) ?? "nothing", "a string");
}

function refusal(context: ModelParametersContext, key: string, found: string, expected: string): ConfigError {
  return new ConfigError({ file: context.file, key, found, expected });
}
