import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectMcpServer, loadAgentTools, runAgent } from "../../src/agents/index.js";
import type { McpConnection } from "../../src/agents/index.js";
import { CancelledError } from "../../src/errors/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { flywheelAgainst } from "../support/flywheel-fixture.js";
import { startMcpHttpServer, testMcpServerFile } from "../support/mcp-server/index.js";
import type { McpHttpServer } from "../support/mcp-server/index.js";
import { startProtocolServer } from "../support/protocol-server/index.js";
import type { ProtocolServer } from "../support/protocol-server/index.js";

let server: ProtocolServer;
let mcpHttp: McpHttpServer;
let flywheel: Flywheel;
const stdioServer = { command: process.execPath, args: ["--disable-warning=ExperimentalWarning", testMcpServerFile] };
const context = { signal: new AbortController().signal, toolCallId: "call_1" };

beforeAll(async () => {
  [server, mcpHttp] = await Promise.all([startProtocolServer(), startMcpHttpServer()]);
});
afterAll(async () => {
  await Promise.all([server.close(), mcpHttp.close()]);
});
beforeEach(async () => {
  server.reset();
  flywheel = await flywheelAgainst(server, { config: { agents: { mcpServers: { local: stdioServer, remote: { url: mcpHttp.url, headers: { authorization: "Bearer mcp-token-abcdef123456" } } } } } });
});
afterEach(async () => {
  await flywheel.close();
});

// Whether the server can hear a cancel: the stateless HTTP server makes a server per request,
// so MCP's notifications/cancelled reaches one that does not know the call.
describe.each([
  ["stdio", () => ({ name: "local", server: stdioServer }), true],
  ["streamable HTTP", () => ({ name: "remote", server: { url: mcpHttp.url } }), false],
])("MCP over %s", (_transport, target, hearsCancel) => {
  let connection: McpConnection;
  beforeAll(async () => {
    connection = await connectMcpServer(target());
  });
  afterAll(async () => {
    await connection.close();
  });

  it("lists the server's tools as agent tools with their schemas", () => {
    const prefix = target().name;
    expect(connection.tools.map((tool) => tool.name).sort()).toEqual([`${prefix}__add`, `${prefix}__cancelled`, `${prefix}__capital`, `${prefix}__echo_credentials`, `${prefix}__fail`, `${prefix}__slow`]);
    const add = connection.tools.find((tool) => tool.name.endsWith("__add"))!;
    expect(add.parameters).toMatchObject({ type: "object", properties: { a: { type: "number" }, b: { type: "number" } } });
    expect(add.requiresApproval).toBe(true);
  });

  it("calls tools, validates input before sending it, and reports tool errors", async () => {
    const tool = (name: string) => connection.tools.find((candidate) => candidate.name.endsWith(`__${name}`))!;
    expect(await tool("add").execute({ a: 2, b: 40 }, context)).toBe("42");
    expect(tool("add").inputSchema.safeParse({ a: "2", b: 40 }).success).toBe(false);
    await expect(tool("fail").execute({}, context)).rejects.toMatchObject({ code: "mcp-tool-error", message: "the fail tool failed on purpose" });
  });

  it("aborts a call in flight: a cancellation error at once, and a server that can hear it stops the call", async () => {
    const tool = (name: string) => connection.tools.find((candidate) => candidate.name.endsWith(`__${name}`))!;
    const label = `call-${Math.random().toString(36).slice(2)}`;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await tool("slow").execute({ ms: 10_000, label }, { signal: controller.signal, toolCallId: "c" }).catch((caught: unknown) => caught);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(CancelledError);
    expect(error).toMatchObject({ code: "cancelled", message: `the call of slow on the MCP server "${target().name}" was cancelled` });
    if (!hearsCancel) return;
    // The server hears of the cancel (MCP's notifications/cancelled) and aborts the call itself.
    await expect.poll(async () => JSON.parse(String(await tool("cancelled").execute({}, context))) as string[], { timeout: 3000 }).toContain(label);
  });
});

describe("MCP tools in an agent run", () => {
  it("connects configured servers by name and runs their tools in the loop", async () => {
    server.script("mcp-user", (request) => {
      const results = request.messages.filter((message) => message.role === "tool");
      if (results.length === 0) return { toolCalls: [{ name: "local__capital", arguments: { country: "Kenya" } }, { name: "remote__add", arguments: { a: 1, b: 2 } }] };
      return { text: `${results[0]!.content} and ${results[1]!.content}` };
    });
    const loaded = await loadAgentTools(flywheel, { mcpServers: ["all"] });
    try {
      const result = await runAgent(flywheel, { objective: "capital of Kenya and 1+2", model: "openai:mcp-user", tools: loaded.tools, approve: () => true });
      expect(result.text).toBe("Nairobi and 3");
      expect(mcpHttp.authorizations.at(-1)).toBe("Bearer mcp-token-abcdef123456");
      await flywheel.tracing.flush();
      const trace = await flywheel.store.traces.getTrace(result.traceId);
      expect(JSON.stringify(trace)).not.toContain("mcp-token-abcdef123456");
    } finally {
      await loaded.close();
    }
  });

  it("refuses a server name that is not in config", async () => {
    await expect(loadAgentTools(flywheel, { mcpServers: ["evil"] })).rejects.toMatchObject({ code: "usage", message: 'no MCP server named "evil" in config' });
  });

  it("reports a server that cannot start, without a shell interpreting its command", async () => {
    const marker = `/tmp/flywheel-mcp-shell-${process.pid}`;
    await expect(connectMcpServer({ name: "broken", server: { command: `true; touch ${marker}`, args: [] }, timeoutMs: 3000 })).rejects.toMatchObject({ code: "mcp-connection-failed" });
    const { existsSync } = await import("node:fs");
    expect(existsSync(marker)).toBe(false);
  });
});
