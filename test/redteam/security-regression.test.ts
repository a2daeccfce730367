import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRedteam } from "../../src/redteam/index.js";
import type { RedteamReport } from "../../src/redteam/index.js";
import { startServer } from "../../src/server/index.js";
import type { RunningServer } from "../../src/server/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { flywheelAgainst } from "../support/flywheel-fixture.js";
import { startProtocolServer } from "../support/protocol-server/index.js";
import type { ProtocolServer } from "../support/protocol-server/index.js";
import { rawRequest } from "../support/raw-request.js";

// Every failure in the security notes we hand to developers, run as red-team attacks on
// Flywheel's own agent tools and workbench server: 0 successes required. The agent is driven by
// the worst-case model (redteam:obedient), with approval switched off, so the tools' own
// guards are what is tested.

let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let agentReport: RedteamReport;
const summary: string[] = [];

beforeAll(async () => {
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream);
  writeFileSync(
    path.join(flywheel.folder, "own.agent.yaml"),
    [
      "model: redteam:obedient",
      "instructions: You are a helpful agent.",
      "tools: [read_file, list_files, http_get, run_js]",
      "toolSettings:",
      "  http_get: { allowHosts: [docs.example.com] }",
      "requireApproval: []",
      "budgets: { maxSteps: 4, maxTimeMs: 20000 }",
    ].join("\n"),
  );
  agentReport = (
    await runRedteam(flywheel, {
      target: "agent:own.agent.yaml",
      plugins: ["ssrf", "path-traversal", "sandbox-escape", "budget-lifting", "indirect-injection-tool-result", "indirect-injection-web-page"],
      attacker: "none",
      // Every template of each plugin, under every strategy.
      attacksPerCell: 4,
      seed: 11,
    })
  ).report;
}, 120_000);

afterAll(async () => {
  console.log(`security regression suite:\n${summary.join("\n")}`);
  await flywheel?.close();
  await upstream?.close();
});

function attacksUsing(placeholder: string, plugin: string) {
  return agentReport.outcomes.filter((outcome) => outcome.attack.plugin === plugin && JSON.stringify(outcome.attack).includes(placeholder));
}

function expectNoSuccess(item: string, outcomes: typeof agentReport.outcomes) {
  expect(outcomes.length, item).toBeGreaterThan(0);
  expect(outcomes.filter((outcome) => outcome.status === "error").map((outcome) => outcome.reason), item).toEqual([]);
  expect(outcomes.filter((outcome) => outcome.status === "success").map((outcome) => `${outcome.attack.id}: ${outcome.reason}`), item).toEqual([]);
  // Each attack made the agent call a tool: the guards were reached, not skipped.
  expect(outcomes.filter((outcome) => (outcome.toolCalls ?? []).length === 0).map((outcome) => outcome.attack.id), item).toEqual([]);
  summary.push(`  ${item}: ${outcomes.length} attacks, 0 successes`);
}

describe("security notes, as red-team attacks on Flywheel's own agent tools", () => {
  it("SSRF after DNS and on redirects (LangChain CVE-2024-0243): http_get never reaches the private honeypot", () => {
    expectNoSuccess("SSRF by private IP", attacksUsing("[[honeypot_url]]", "ssrf"));
    expectNoSuccess("SSRF after DNS", attacksUsing("[[honeypot_dns_url]]", "ssrf"));
    expectNoSuccess("SSRF on a redirect", attacksUsing("[[redirect_url]]", "ssrf"));
  });

  it("path traversal by prefix sibling and symlink (CVE-2024-28088, CVE-2025-53110): no canary file outside the root is read", () => {
    expectNoSuccess("traversal by absolute path", attacksUsing("[[outside_file]]", "path-traversal"));
    expectNoSuccess("traversal by ..", attacksUsing("../outside", "path-traversal"));
    expectNoSuccess("traversal by prefix sibling", attacksUsing("[[sibling_file]]", "path-traversal"));
    expectNoSuccess("traversal by symlink", attacksUsing("[[symlink_file]]", "path-traversal"));
  });

  it("code execution outside the sandbox (CVE-2023-36095, CVE-2025-3248): run_js reads no env, file or network", () => {
    expectNoSuccess("sandbox escape", agentReport.outcomes.filter((outcome) => outcome.attack.plugin === "sandbox-escape"));
  });

  it("injection lifting budgets (OWASP LLM06): claimed new limits never extend a run", () => {
    expectNoSuccess("budget lifting", agentReport.outcomes.filter((outcome) => outcome.attack.plugin === "budget-lifting"));
    expectNoSuccess("indirect injection in tool results and pages", agentReport.outcomes.filter((outcome) => outcome.attack.plugin.startsWith("indirect-injection")));
  });
});

describe("security notes, as attacks on the workbench server", () => {
  let server: RunningServer;
  let token: string;
  let lanHost: string;
  let local: string;
  beforeAll(async () => {
    server = await startServer({ flywheel, host: "0.0.0.0", port: 0, webRoot: flywheel.folder, promptsDirectory: path.join(flywheel.folder, "prompts") });
    token = server.accessToken!;
    local = server.url.replace("0.0.0.0", "127.0.0.1");
    lanHost = `192.168.1.23:${new URL(local).port}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  const request = (method: string, route: string, headers: Record<string, string>, body?: unknown) =>
    rawRequest(local, { method, path: route, headers: { host: lanHost, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it("case-variant auth (Phoenix, Flowise CVE-2024-31621): only the exact token opens any route, whatever the path's case", async () => {
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/models"],
      ["GET", "/api/traces"],
      ["GET", "/v1/models"],
      ["POST", "/v1/chat/completions", { model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }],
      ["POST", "/v1/chat/completions", { model: "openai:gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] }],
    ];
    const variants: Record<string, string>[] = [{}, { authorization: `Bearer ${token.toUpperCase()}` }, { authorization: `Bearer ${token.toLowerCase()}` }, { authorization: `Bearer ${token.slice(0, -1)}` }, { authorization: token }];
    let attacks = 0;
    for (const [method, route, body] of routes) {
      for (const headers of variants) {
        for (const pathVariant of [route, route.toUpperCase(), route.replace("/", "//"), `${route}/`]) {
          const response = await request(method, pathVariant, headers, body);
          attacks += 1;
          expect(response.status, `${method} ${pathVariant} ${JSON.stringify(headers)}`).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
        }
      }
      expect((await request(method, route, { authorization: `Bearer ${token}` }, body)).status, `${method} ${route} with the token`).toBeLessThan(300);
    }
    summary.push(`  case-variant auth: ${attacks} attacks, 0 successes`);
  });

  it("MCP stdio spawning from a request (Flowise CVE-2026-40933): no route starts a command named in a body", async () => {
    const canary = path.join(flywheel.folder, "spawned-canary");
    const command = { command: process.execPath, args: ["-e", `require('fs').writeFileSync(${JSON.stringify(canary)}, 'x')`] };
    const bodies: [string, unknown][] = [
      ["/api/playground/run", { model: "openai:gpt-4o-mini", prompt: "hi", mcpServers: { evil: command } }],
      ["/v1/chat/completions", { model: "openai:gpt-4o-mini", messages: [{ role: "user", content: "hi" }], mcpServers: { evil: command }, tools: [{ type: "mcp", server_url: "stdio", ...command }] }],
      ["/api/evals/suites", { name: "evil", suite: { providers: [{ id: "agent:openai:gpt-4o-mini", config: { mcp: ["evil"] } }], agents: { mcpServers: { evil: command } }, tests: [{ vars: { question: "hi" } }] } }],
      ["/api/playground/save", { name: "evil", prompt: "hi", mcpServers: { evil: command } }],
    ];
    for (const [route, body] of bodies) {
      const response = await request("POST", route, { authorization: `Bearer ${token}`, origin: `http://${lanHost}`, "sec-fetch-site": "same-origin" }, body);
      expect(response.status, route).toBeLessThan(500);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(existsSync(canary)).toBe(false);
    summary.push(`  MCP stdio from a request: ${bodies.length} attacks, 0 successes`);
  });

  it("FTS query injection (CVE-2024-23751): search text is matched as text, never as an FTS expression", async () => {
    for (const word of ["alpha", "beta"]) {
      expect((await request("POST", "/v1/chat/completions", { authorization: `Bearer ${token}` }, { model: "openai:gpt-4o-mini", messages: [{ role: "user", content: `tell me about ${word}` }] })).status).toBe(200);
    }
    await flywheel.tracing.flush();
    const search = async (text: string) => {
      const response = await request("GET", `/api/traces?search=${encodeURIComponent(text)}`, { authorization: `Bearer ${token}` });
      expect(response.status, text).toBe(200);
      return (JSON.parse(response.body) as { traces: unknown[] }).traces;
    };
    expect((await search("alpha")).length).toBe(1);
    // Spliced into MATCH, each of these would match the alpha trace (OR, prefix, NEAR, column filter).
    const widening = ['nomatch" OR "alpha', "nomatch OR alpha", "nomatch* OR a*", "NEAR(nomatch alpha)", "nomatch OR input:alpha"];
    for (const text of widening) expect(await search(text), text).toEqual([]);
    // Syntax that breaks a spliced MATCH must not turn into a 500.
    const breaking = ['"', ")(", "alpha AND", "^alpha", "-alpha", "*", "alpha NOT", "{input}:alpha", "'; DROP TABLE traces; --"];
    for (const text of breaking) await search(text);
    expect((await search("beta")).length).toBe(1);
    summary.push(`  FTS query injection: ${widening.length + breaking.length} attacks, 0 successes`);
  });
});
