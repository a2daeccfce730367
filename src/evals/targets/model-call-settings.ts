import { jsonSchema, Output, tool } from "ai";
import type { JSONSchema7, OutputInterface, ToolChoice, ToolSet } from "ai";
import type { ModelParameters, ResponseFormat } from "../suite/eval-suite.js";

/** The `generateText` settings that carry a variant's response format, tools and OpenAI options. */
export interface ModelCallSettings {
  output?: OutputInterface<string, string, never>;
  tools?: ToolSet;
  toolChoice?: ToolChoice<ToolSet>;
  /** `providerOptions.openai`. */
  openai: Record<string, string | boolean>;
}

/**
 * Settings for one call. The response format is sent as it was written (a schema with its
 * name and strictness), but the answer is never validated here: as in promptfoo, a reply
 * that is not JSON reaches the assertions as it came. Tools have no `execute`, so a call
 * ends the request and becomes the output.
 */
export function modelCallSettings(parameters: ModelParameters, modelId: string): ModelCallSettings {
  const openai: Record<string, string | boolean> = {};
  // As promptfoo's OpenAI provider does: reasoning_effort goes to reasoning models (and
  // gpt-oss) only, verbosity to GPT-5 models only; other models never see them.
  const model = modelId.slice(modelId.indexOf(":") + 1).replace(/(^|\/)ft:/, "$1");
  const gpt5 = /(^|\/)gpt-5/.test(model) || /(^|[/-])gpt-6-astra(-|$)/.test(model);
  const reasoning = /(^|\/)o[134]/.test(model) || gpt5;
  if (parameters.reasoningEffort !== undefined && (reasoning || model.includes("gpt-oss"))) openai.reasoningEffort = parameters.reasoningEffort;
  if (parameters.verbosity !== undefined && gpt5) openai.textVerbosity = parameters.verbosity;
  const format = parameters.responseFormat;
  // OpenAI's default for `strict` is false; the AI SDK's is true.
  if (format?.type === "json_schema") openai.strictJsonSchema = format.strict ?? false;
  return {
    ...(format === undefined || format.type === "text" ? {} : { output: lenientJsonOutput(format) }),
    ...(parameters.tools === undefined
      ? {}
      : {
          tools: Object.fromEntries(
            parameters.tools.map((declaration) => [declaration.name, tool({ description: declaration.description, inputSchema: jsonSchema(declaration.parameters as JSONSchema7) })]),
          ),
        }),
    ...(parameters.toolChoice === undefined ? {} : { toolChoice: typeof parameters.toolChoice === "string" ? parameters.toolChoice : { type: "tool", toolName: parameters.toolChoice.name } }),
    openai,
  };
}

function lenientJsonOutput(format: Exclude<ResponseFormat, { type: "text" }>): OutputInterface<string, string, never> {
  const responseFormat =
    format.type === "json_schema"
      ? { type: "json" as const, schema: format.schema as JSONSchema7, name: format.name, ...(format.description === undefined ? {} : { description: format.description }) }
      : { type: "json" as const };
  return { ...Output.text(), name: "json", responseFormat: Promise.resolve(responseFormat) };
}
