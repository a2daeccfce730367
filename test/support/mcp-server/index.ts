// A small MCP server for tests, over stdio (spawn test-mcp-server.ts with Node) and streamable HTTP.
export { createTestMcpServer } from "./test-mcp-server.js";
export { startMcpHttpServer } from "./http.js";
export type { McpHttpServer } from "./http.js";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The stdio server's file; run it with `process.execPath` (Node strips the types). */
export const testMcpServerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "test-mcp-server.ts");
