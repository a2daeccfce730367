import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createTestMcpServer } from "./test-mcp-server.js";

/** A running streamable-HTTP MCP test server. */
export interface McpHttpServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:4321/mcp`. */
  url: string;
  /** Authorization headers of every request, oldest first. */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/** Serves the test MCP server's tools over streamable HTTP (stateless: a server per request) on 127.0.0.1. */
export async function startMcpHttpServer(): Promise<McpHttpServer> {
  const authorizations: (string | undefined)[] = [];
  const http = createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    const server = createTestMcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    response.on("close", () => {
      void transport.close();
      void server.close();
    });
    void server.connect(transport).then(() => transport.handleRequest(request, response));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    authorizations,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
