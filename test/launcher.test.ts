import { spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { cpSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { findOlderNode } from "./support/older-node.js";
import { startProtocolServer, useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { flywheelBin, runCli } from "./support/run-cli.js";

// A Node older than 22 (the system's, typically). Where a machine has none, there is nothing
// for the launcher to step in for, and these tests skip.
const olderNode = findOlderNode();
const longPrompt = "one two three four five six seven eight nine ten eleven twelve";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;

useProtocolServer((started) => (server = started));
beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-launcher-");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "launcher-test-key-123", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db") };
});

/** Sends `signal` once the streamed reply has reached "two". */
function signalMidReply(signal: NodeJS.Signals, sent: { done: boolean }) {
  return (child: ChildProcess, output: { stdout: () => string }) => {
    const timer = setInterval(() => {
      if (!sent.done && output.stdout().includes("two")) {
        sent.done = true;
        child.kill(signal);
        clearInterval(timer);
      }
    }, 10);
    child.on("close", () => clearInterval(timer));
  };
}

describe.skipIf(olderNode === undefined)(`the launcher started by an older Node (${olderNode?.version ?? "none on this machine"})`, () => {
  const node = olderNode?.path;

  it("runs the command on the project's Node 22", async () => {
    const version = await runCli(["--version"], { cwd, env, node });
    expect(version).toMatchObject({ code: 0, stdout: "0.1.0\n", stderr: "" });
    const run = await runCli(["run", "hi", "--model", "openai:gpt-4o-mini"], { cwd, env, node });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("You said: hi\n");
    const list = await runCli(["traces", "list", "--json"], { cwd, env, node });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { traces: { model: string }[] }).traces).toMatchObject([{ model: "openai:gpt-4o-mini" }]);
    const usage = await runCli(["traces", "list", "--status", "nope"], { cwd, env, node });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^error: unknown status "nope"\nhint: /);
  });

  it("passes Ctrl-C on: the reply stops, the trace is marked cancelled, and it exits 130", async () => {
    const slow = await startProtocolServer({ chunkDelayMs: 150 });
    try {
      const sent = { done: false };
      const result = await runCli(["run", longPrompt, "--model", "openai:gpt-4o-mini"], { cwd, env: { ...env, OPENAI_BASE_URL: slow.openaiBaseURL }, node, onSpawn: signalMidReply("SIGINT", sent) });
      expect(sent.done).toBe(true);
      expect(result.code).toBe(130);
      expect(result.stdout).toContain("You said: one two");
      expect(result.stdout).not.toContain("twelve");
      expect(result.stderr).toContain("error: the run was cancelled");
      const list = JSON.parse((await runCli(["traces", "list", "--json"], { cwd, env })).stdout) as { traces: { status: string; spanCount: number }[] };
      expect(list.traces[0]).toMatchObject({ status: "cancelled", spanCount: 2 });
    } finally {
      await slow.close();
    }
  });

  it("passes SIGTERM on and ends by it, leaving no process behind", async () => {
    const slow = await startProtocolServer({ chunkDelayMs: 150 });
    try {
      const sent = { done: false };
      const result = await runCli(["run", longPrompt, "--model", "openai:gpt-4o-mini"], { cwd, env: { ...env, OPENAI_BASE_URL: slow.openaiBaseURL }, node, onSpawn: signalMidReply("SIGTERM", sent) });
      expect(sent.done).toBe(true);
      expect(result.signal).toBe("SIGTERM");
      // The output pipes close only when every process holding them has ended.
      expect(result.stdout).not.toContain("twelve");
    } finally {
      await slow.close();
    }
  });

  it("names a command that works when there is no Node 22 beside it", () => {
    const folder = temporaryFolder("flywheel-launcher-alone-");
    cpSync(path.dirname(flywheelBin), path.join(folder, "bin"), { recursive: true });
    const result = spawnSync(node!, ["bin/flywheel.js", "search", "it's here", "--collection", "docs"], { cwd: folder, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: flywheel needs Node.js 22 or newer, and this is v${olderNode!.version}\n` +
        "hint: install Node.js 22 or newer (https://nodejs.org), or run it on npm's Node 22: npx -y -p node@22 -- node bin/flywheel.js search 'it'\\''s here' --collection docs\n",
    );
  });
});
