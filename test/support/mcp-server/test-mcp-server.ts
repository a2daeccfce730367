// A small MCP server for tests: `add`, `capital`, `fail`, `slow`, `cancelled` and `echo_credentials` tools. Run as a file it
// serves over stdio (`node test-mcp-server.ts`, which Node runs by stripping the types);
// `startMcpHttpServer` (http.ts) serves the same tools over streamable HTTP.
import { pathToFileURL } from "node:url";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const capitals: Record<string, string> = { france: "Paris", japan: "Tokyo", kenya: "Nairobi" };
// Labels of the `slow` calls this process saw cancelled, oldest first (the HTTP server makes a
// server per request, so they are kept here rather than on one server).
const cancelledCalls: string[] = [];

/** The test server with its tools registered. */
export function createTestMcpServer(): McpServer {
  const server = new McpServer({ name: "flywheel-test-mcp", version: "1.0.0" });
  server.registerTool("add", { description: "Adds two numbers", inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
    content: [{ type: "text", text: String(a + b) }],
  }));
  server.registerTool("capital", { description: "The capital city of a country", inputSchema: { country: z.string() } }, async ({ country }) => ({
    content: [{ type: "text", text: capitals[country.toLowerCase()] ?? "unknown" }],
  }));
  server.registerTool("fail", { description: "Always fails", inputSchema: {} }, async () => ({ content: [{ type: "text", text: "the fail tool failed on purpose" }], isError: true }));
  server.registerTool("slow", { description: "Waits, then answers", inputSchema: { ms: z.number().int(), label: z.string().optional() } }, async ({ ms, label }, extra) => {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      extra.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        if (label !== undefined) cancelledCalls.push(label);
        reject(new Error("aborted"));
      });
    });
    return { content: [{ type: "text", text: `waited ${ms} ms` }] };
  });
  server.registerTool("cancelled", { description: "Labels of the slow calls cancelled so far, as JSON", inputSchema: {} }, async () => ({
    content: [{ type: "text", text: JSON.stringify(cancelledCalls) }],
  }));
  // A careless server that repeats the credential it was given (its SERVICE_TOKEN variable over
  // stdio, its x-api-key header over HTTP), so tests can check that Flywheel redacts it.
  server.registerTool("echo_credentials", { description: "Repeats the credential the server was given", inputSchema: {} }, async (_input, extra) => ({
    content: [{ type: "text", text: `token: ${String(extra.requestInfo?.headers["x-api-key"] ?? process.env.SERVICE_TOKEN ?? "none")}` }],
  }));
  return server;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await createTestMcpServer().connect(new StdioServerTransport());
}
