import type { z } from "zod";

/** What a tool's function receives besides its input. */
export interface ToolContext {
  /** Aborted when the run is cancelled or a budget ends; long work must stop. */
  signal: AbortSignal;
  /** The id the model gave this call. */
  toolCallId: string;
}

/**
 * A tool an agent can call: a name, a description the model reads, a zod input schema that
 * every call is validated against before `execute` runs, and the function itself.
 * What `execute` returns (or throws) goes back to the model as the tool result.
 */
export interface AgentTool<INPUT = unknown> {
  /** Name the model calls it by: letters, digits, `_` and `-`. */
  readonly name: string;
  /** What the tool does and when to use it, for the model. */
  readonly description: string;
  /** Input schema; the source of truth for validation and for the JSON schema the model sees. */
  readonly inputSchema: z.ZodType<INPUT>;
  /** JSON schema sent to the model, when it must differ from the one derived from `inputSchema` (MCP tools). */
  readonly parameters?: Record<string, unknown>;
  /** Whether a person must approve each call (network, code execution, writes). */
  readonly requiresApproval?: boolean;
  /** Runs the tool. Return text or any JSON value; throw to report a failure to the model. */
  execute(input: INPUT, context: ToolContext): Promise<unknown>;
}

/** Options for `defineTool`: an `AgentTool` written with its input type inferred from the schema. */
export type DefineToolOptions<SCHEMA extends z.ZodType> = Omit<AgentTool<z.infer<SCHEMA>>, "inputSchema" | "execute"> & {
  /** Input schema. */
  inputSchema: SCHEMA;
  /** Runs the tool with validated input. */
  execute(input: z.infer<SCHEMA>, context: ToolContext): Promise<unknown>;
};

/**
 * Defines a tool with its input type inferred from the zod schema.
 *
 * ```ts
 * const weather = defineTool({
 *   name: "weather",
 *   description: "Current weather in a city",
 *   inputSchema: z.object({ city: z.string() }),
 *   execute: async ({ city }, { signal }) => fetchWeather(city, signal),
 * });
 * ```
 */
export function defineTool<SCHEMA extends z.ZodType>(options: DefineToolOptions<SCHEMA>): AgentTool<z.infer<SCHEMA>> {
  return options as AgentTool<z.infer<SCHEMA>>;
}

/** Tool names the model APIs accept. */
export const toolNamePattern = /^[A-Za-z0-9_-]{1,64}$/;
