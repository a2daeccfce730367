import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;

useProtocolServer((started) => (server = started));
beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-interrupted-");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "interrupted-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
});

interface ListedTrace {
  traceId: string;
  name: string | null;
  status: string;
}

async function listTraces(): Promise<ListedTrace[]> {
  const listed = await runCli(["traces", "list", "--json"], { cwd, env });
  expect(listed.code, listed.stderr).toBe(0);
  return (JSON.parse(listed.stdout) as { traces: ListedTrace[] }).traces;
}

/** Polls until `check` passes or five seconds pass. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a trace whose process was killed", () => {
  for (const command of [["agent", "wait for the slow model"], ["run", "wait for the slow model"]]) {
    it(`is marked interrupted on the next start, and stays running while its process lives (${command[0]})`, async () => {
      let child: ChildProcess | undefined;
      const killed = runCli([...command, "--model", "openai:slow-60000"], { cwd, env, timeoutMs: 60_000, onSpawn: (spawned) => (child = spawned) });
      await eventually(async () => server.requests.length, (count) => count > 0);
      expect(server.requests).toHaveLength(1);

      const whileAlive = await eventually(listTraces, (traces) => traces.length > 0);
      expect(whileAlive).toMatchObject([{ name: command[0], status: "running" }]);

      child!.kill("SIGKILL");
      expect((await killed).signal).toBe("SIGKILL");
      const after = await listTraces();
      expect(after).toMatchObject([{ traceId: whileAlive[0]!.traceId, status: "interrupted" }]);
      const show = await runCli(["traces", "show", whileAlive[0]!.traceId], { cwd, env });
      expect(show.stdout).toContain("interrupted");
      const filtered = await runCli(["traces", "list", "--status", "interrupted", "--json"], { cwd, env });
      expect((JSON.parse(filtered.stdout) as { traces: ListedTrace[] }).traces).toHaveLength(1);
    });
  }
});
