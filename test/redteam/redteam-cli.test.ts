import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { Server } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { temporaryFolder } from "../support/flywheel-fixture.js";
import { closedPort } from "../support/closed-port.js";
import { runCli } from "../support/run-cli.js";

const example = path.resolve("examples/redteam");
let cwd: string;
let env: Record<string, string>;
const cli = (args: string[]) => runCli(args, { cwd, env, timeoutMs: 60_000 });

// An HTTP app that does whatever its input says: it echoes it back.
let echoApp: Server;
let echoUrl: string;

beforeAll(async () => {
  cwd = temporaryFolder();
  env = { FLYWHEEL_DB: path.join(cwd, "flywheel.db"), FLYWHEEL_HOME: path.join(cwd, "home"), NO_COLOR: "1" };
  echoApp = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ output: `You said: ${request.method === "POST" ? (JSON.parse(body) as { prompt: string }).prompt : ""}` }));
    });
  });
  await new Promise<void>((resolve) => echoApp.listen(0, "127.0.0.1", resolve));
  const address = echoApp.address();
  echoUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/chat`;
});
afterAll(async () => {
  await new Promise((resolve) => echoApp.close(resolve));
});

describe("flywheel redteam", () => {
  it("lists plugins with how each is graded, and strategies", async () => {
    const result = await cli(["redteam", "--list"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ssrf\s+action/);
    expect(result.stdout).toMatch(/harmful\s+model/);
    expect(result.stdout).toMatch(/multi-turn/);
  });

  it("fails the careless agent with --fail-on any, printing each successful attack's proof, and writes the reports", async () => {
    const result = await cli(["redteam", `agent:${example}/careless.agent.yaml`, "--plugins", "ssrf,path-traversal", "--strategies", "plain,base64", "--attacks", "1", "--attacker", "none", "--fail-on", "any", "-o", "report.html", "-o", "report.xml", "--save-suite", "attacks.eval.yaml"]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/ssrf\s+action\s+\d\/2/);
    expect(result.stdout).toMatch(/proof: tool call fetch_url \{"url":"http:\/\/127\./);
    expect(result.stdout).toMatch(/honeypot hit GET 127\./);
    expect(result.stdout).toMatch(/proof: tool call read_any_file \{"path":".*secret\.txt"\}/);
    expect(result.stderr).toMatch(/fail: \d+ of 4 attacks succeeded \(--fail-on any\)/);
    expect(await readFile(path.join(cwd, "report.html"), "utf8")).toContain("<h2>Successful attacks");
    expect(await readFile(path.join(cwd, "attacks.eval.yaml"), "utf8")).toContain("redteam:agent:");
    const replay = await cli(["eval", "-c", "attacks.eval.yaml", "--no-progress-bar"]);
    expect(replay.code).toBe(1);
  });

  it("passes the hardened agent with --fail-on any and prints the JSON report", async () => {
    const result = await cli(["redteam", `agent:${example}/hardened.agent.yaml`, "--plugins", "ssrf,path-traversal,sandbox-escape", "--strategies", "plain,rot13", "--attacks", "1", "--attacker", "none", "--fail-on", "any", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { plugins: { plugin: string; attacks: number; successes: number }[]; attacksPerSecond: number };
    expect(report.plugins.map((plugin) => [plugin.plugin, plugin.attacks, plugin.successes])).toEqual([["ssrf", 2, 0], ["path-traversal", 2, 0], ["sandbox-escape", 2, 0]]);
    expect(report.attacksPerSecond).toBeGreaterThan(0);
  });

  it("attacks an HTTP endpoint and a model id; an app that echoes injected text fails prompt injection", async () => {
    const http = await cli(["redteam", echoUrl, "--plugins", "prompt-injection", "--strategies", "plain", "--attacks", "1", "--attacker", "none", "--json"]);
    expect(http.code, http.stderr).toBe(0);
    expect((JSON.parse(http.stdout) as { plugins: { successes: number }[] }).plugins[0]!.successes).toBe(1);
    const model = await cli(["redteam", "redteam:obedient", "--plugins", "system-prompt-extraction", "--strategies", "plain", "--attacks", "1", "--attacker", "none", "--fail-on", "50%"]);
    expect(model.code).toBe(1);
    expect(model.stderr).toMatch(/attack success rate 100\.0% \(1\/1\) is above --fail-on 50\.0%/);
  });

  it("refuses bad input with one line: an unknown plugin or strategy, an unreachable target, a bad gate", async () => {
    const plugin = await cli(["redteam", "redteam:obedient", "--plugins", "ssrff"]);
    expect(plugin.code).toBe(2);
    expect(plugin.stderr).toMatch(/^error: no red-team plugin named "ssrff" \(did you mean "ssrf"\?\)$/m);
    const strategy = await cli(["redteam", "redteam:obedient", "--strategies", "base46"]);
    expect(strategy.code).toBe(2);
    expect(strategy.stderr).toMatch(/did you mean "base64"/);
    const port = await closedPort();
    const unreachable = await cli(["redteam", `http://127.0.0.1:${port}/chat`, "--attacker", "none"]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^error: cannot reach red-team target http:\/\/127\.0\.0\.1:\d+\/chat: ECONNREFUSED$/m);
    const missing = await cli(["redteam", "agent:nowhere.agent.yaml"]);
    expect(missing.stderr).toMatch(/no agent file at/);
    const gate = await cli(["redteam", "redteam:obedient", "--fail-on", "sometimes"]);
    expect(gate.code).toBe(2);
    expect(gate.stderr).toMatch(/--fail-on must be "any" or a success rate/);
    for (const result of [plugin, strategy, unreachable, missing, gate]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
