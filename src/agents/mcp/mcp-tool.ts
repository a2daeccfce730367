import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { z } from "zod";
import { CancelledError } from "../../errors/index.js";
import { ToolError } from "../agent-errors.js";
import type { AgentTool } from "../tools/agent-tool.js";

/** A tool as an MCP server lists it. */
export interface McpToolDefinition {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** The agent tool name of an MCP tool: `<server>__<tool>`, with characters model APIs refuse replaced by `_`. */
export function mcpToolName(server: string, tool: string): string {
  return `${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
}

/** Options for `mcpTool`. */
export interface McpToolOptions {
  server: string;
  client: Client;
  definition: McpToolDefinition;
  /** Time limit of one call (default 60 s). */
  timeoutMs?: number;
}

/**
 * Wraps one MCP tool as an agent tool. Its JSON schema is shown to the model as the server
 * sent it, and converted to zod so that input is validated here before the server sees it.
 * Text content is joined; `isError` results become tool errors. MCP tools need approval by default.
 */
export function mcpTool(options: McpToolOptions): AgentTool {
  const { definition, client, server } = options;
  return {
    name: mcpToolName(server, definition.name),
    description: `${definition.description ?? definition.name} (from the MCP server "${server}")`,
    inputSchema: inputValidator(definition.inputSchema),
    parameters: definition.inputSchema,
    requiresApproval: true,
    async execute(input, context) {
      const result = await client
        .callTool({ name: definition.name, arguments: input as Record<string, unknown> }, undefined, { signal: context.signal, timeout: options.timeoutMs ?? 60_000 })
        .catch((error: unknown) => {
          // The SDK reports an abort as a request timeout; the caller asked for it, so say so.
          if (context.signal.aborted) throw new CancelledError(`the call of ${definition.name} on the MCP server "${server}"`);
          throw error;
        });
      const text = contentText(result);
      if (result.isError === true) throw new ToolError({ toolName: definition.name, code: "mcp-tool-error", message: text || "the MCP tool reported an error" });
      return text;
    },
  };
}

function inputValidator(schema: Record<string, unknown>): z.ZodType<unknown> {
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    // A schema zod cannot read still must be an object of arguments; the server checks the rest.
    return z.record(z.string(), z.unknown());
  }
}

function contentText(result: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const item of (Array.isArray(result.content) ? result.content : []) as { type?: string; text?: string; resource?: { uri?: string; text?: string } }[]) {
    if (item.type === "text" && typeof item.text === "string") parts.push(item.text);
    else if (item.type === "resource" && item.resource !== undefined) parts.push(item.resource.text ?? `[resource ${item.resource.uri ?? ""}]`);
    else parts.push(`[${item.type ?? "unknown"} content]`);
  }
  if (parts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return parts.join("\n");
}
