import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import path from "node:path";
import type { McpServerConfig } from "../../config/index.js";
import { McpConnectionError } from "../agent-errors.js";
import type { AgentTool } from "../tools/agent-tool.js";
import { mcpTool } from "./mcp-tool.js";
import type { McpToolDefinition } from "./mcp-tool.js";

/** A connected MCP server and the agent tools it provides. */
export interface McpConnection {
  /** The server's name in config. */
  readonly name: string;
  /** Its tools, named `<server>__<tool>`. */
  readonly tools: AgentTool[];
  /** Closes the connection (and stops a stdio server's process). */
  close(): Promise<void>;
}

/** Options for `connectMcpServer`. */
export interface ConnectMcpServerOptions {
  /** The server's name (from config). */
  name: string;
  /** Its config entry: `command` and `args` (stdio) or `url` (streamable HTTP). */
  server: McpServerConfig;
  /** Folder a relative `cwd` resolves against. */
  cwd?: string;
  /** Time limit to connect and list tools (default 20 s). */
  timeoutMs?: number;
  /** Time limit of one tool call (default 60 s). */
  toolTimeoutMs?: number;
}

/**
 * Connects to one MCP server from the user's config and lists its tools. A stdio server is
 * started from the configured command with its arguments as a list (no shell), an environment
 * of only a minimal PATH/HOME plus the configured variables, and its stderr kept apart.
 */
export async function connectMcpServer(options: ConnectMcpServerOptions): Promise<McpConnection> {
  const { name, server } = options;
  // Loaded on first use: the MCP SDK (with its schema libraries) costs every command that
  // imports agents, and only agents with MCP servers need it.
  const [{ Client }, { StdioClientTransport }] = await Promise.all([import("@modelcontextprotocol/sdk/client/index.js"), import("@modelcontextprotocol/sdk/client/stdio.js")]);
  const transport = await createTransport(options);
  // Drain the server's stderr (a full pipe would stall it) and keep its tail for error messages.
  let stderrTail = "";
  if (transport instanceof StdioClientTransport) transport.stderr?.on("data", (chunk: Buffer) => (stderrTail = `${stderrTail}${chunk.toString("utf8")}`.slice(-2000)));
  const client = new Client({ name: "flywheel", version: "0.1.0" });
  const timeout = options.timeoutMs ?? 20_000;
  try {
    await client.connect(transport, { timeout });
    const definitions: McpToolDefinition[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout });
      definitions.push(...(page.tools as McpToolDefinition[]));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return {
      name,
      tools: definitions.map((definition) => mcpTool({ server: name, client, definition, timeoutMs: options.toolTimeoutMs })),
      close: () => client.close(),
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    const where = "url" in server ? server.url : server.command;
    throw new McpConnectionError({ server: name, message: `cannot connect to ${where}: ${error instanceof Error ? error.message : String(error)}${stderrTail.trim() === "" ? "" : ` (server said: ${stderrTail.trim().split("\n").at(-1)})`}`, cause: error });
  }
}

async function createTransport(options: ConnectMcpServerOptions): Promise<Transport> {
  const { server } = options;
  if ("url" in server) {
    const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
    return new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: server.headers ?? {} } });
  }
  const { getDefaultEnvironment, StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
  return new StdioClientTransport({
    command: server.command,
    args: server.args ?? [],
    env: { ...getDefaultEnvironment(), ...server.env },
    cwd: server.cwd === undefined ? undefined : path.resolve(options.cwd ?? process.cwd(), server.cwd),
    stderr: "pipe",
  });
}
