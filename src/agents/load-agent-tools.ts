import { UsageError } from "../errors/index.js";
import type { Flywheel } from "../runtime/index.js";
import { connectMcpServer } from "./mcp/connect-mcp-server.js";
import type { McpConnection } from "./mcp/connect-mcp-server.js";
import type { AgentTool } from "./tools/agent-tool.js";
import { createBuiltInTools } from "./tools/builtin-tools.js";
import type { CollectionSearcher } from "./tools/search-collection.js";
import { collectionSearcher } from "../rag/index.js";

/** Options for `loadAgentTools`. */
export interface LoadAgentToolsOptions {
  /** Built-in tools to enable, by name (`calculator`, `read_file`, ...). Nothing is on unless named. */
  builtIn?: readonly string[];
  /** MCP servers from `agents.mcpServers` to connect, by name; `all` connects every configured one. */
  mcpServers?: readonly string[];
  /** Overrides the folder `read_file` and `list_files` may read. */
  filesRoot?: string;
  /** The RAG search of a named collection, for `search_collection`. */
  searchCollection?: (collection: string) => CollectionSearcher;
}

/** Tools ready for an agent run, and the MCP connections to close afterwards. */
export interface LoadedAgentTools {
  tools: AgentTool[];
  /** Closes MCP connections (stops stdio servers). */
  close(): Promise<void>;
}

/**
 * Builds the built-in tools a run enables (settings from `agents.tools` in config) and connects
 * the named MCP servers (commands and URLs from `agents.mcpServers` in config only).
 */
export async function loadAgentTools(flywheel: Flywheel, options: LoadAgentToolsOptions): Promise<LoadedAgentTools> {
  const { config } = flywheel;
  const settings = config.agents.tools;
  const tools = createBuiltInTools(options.builtIn ?? [], {
    settings: options.filesRoot === undefined ? settings : { ...settings, files: { ...settings.files, root: options.filesRoot } },
    cwd: config.cwd,
    searchCollection: options.searchCollection ?? ((collection) => collectionSearcher(flywheel, collection)),
  });
  const configured = config.agents.mcpServers;
  const requested = options.mcpServers ?? [];
  const names = requested.includes("all") ? Object.keys(configured) : [...requested];
  const unknown = names.filter((name) => !Object.hasOwn(configured, name));
  if (unknown.length > 0) {
    throw new UsageError(
      `no MCP server named ${unknown.map((name) => `"${name}"`).join(", ")} in config`,
      Object.keys(configured).length > 0 ? `configured: ${Object.keys(configured).join(", ")}` : "add it under agents.mcpServers in flywheel.config.yaml",
    );
  }
  const connections: McpConnection[] = [];
  const close = async () => {
    await Promise.all(connections.map((connection) => connection.close().catch(() => undefined)));
  };
  try {
    for (const name of names) {
      const connection = await connectMcpServer({ name, server: configured[name]!, cwd: config.cwd });
      connections.push(connection);
      tools.push(...connection.tools);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { tools, close };
}
