import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyTraceRetention, createFlywheel, loadConfig, openStore } from "../src/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { createPostgresDatabase } from "./support/postgres-server.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;
const day = 86_400_000;

beforeAll(async () => {
  server = await startProtocolServer();
  cwd = temporaryFolder("flywheel-traces-prune-");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "prune-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), NO_COLOR: "1" };
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), "defaultModel: openai:gpt-4o-mini\ntraces:\n  retention: 30d\n");
});
afterAll(async () => {
  await server.close();
});

/** Three runs, the first two moved back in time by 40 and 10 days. */
async function agedRuns(store: string): Promise<void> {
  for (const prompt of ["first", "second", "third"]) {
    const run = await runCli(["run", prompt], { cwd, env: { ...env, FLYWHEEL_DB: store } });
    expect(run.code, run.stderr).toBe(0);
  }
  const opened = await openStore({ url: store });
  for (const [input, age] of [["first", 40 * day], ["second", 10 * day]] as const) {
    const [trace] = await opened.sql.query<{ trace_id: string }>("SELECT trace_id FROM traces WHERE input_preview = ?", [input]);
    await opened.sql.execute("UPDATE traces SET start_time = start_time - ? WHERE trace_id = ?", [age, trace!.trace_id]);
  }
  await opened.close();
}

describe.each([
  ["libSQL", async () => path.join(temporaryFolder("flywheel-prune-db-"), "flywheel.db")],
  ["PostgreSQL", async () => createPostgresDatabase(inject("postgresUrl"))],
])("flywheel traces prune on %s", (_label, newStore) => {
  it("counts with --dry-run, then deletes the traces older than the span with their spans", async () => {
    const store = await newStore();
    await agedRuns(store);
    const options = { cwd, env: { ...env, FLYWHEEL_DB: store } };
    const dry = await runCli(["traces", "prune", "--older-than", "5d", "--dry-run"], options);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^would delete 2 traces \(\d+ spans\) older than 5d\n$/);
    const pruned = await runCli(["traces", "prune", "--older-than", "5d"], options);
    expect(pruned.stdout).toBe(dry.stdout.replace("would delete", "deleted"));
    const list = await runCli(["traces", "list", "--json"], options);
    expect((JSON.parse(list.stdout) as { traces: { inputPreview: string }[] }).traces.map((trace) => trace.inputPreview)).toEqual(["third"]);
    const again = await runCli(["traces", "prune", "--older-than", "5d", "--json"], options);
    expect(JSON.parse(again.stdout)).toEqual({ traces: 0, spans: 0, dryRun: false });
  }, 60_000);

  it("applies traces.retention from config, from the command and from the library", async () => {
    const store = await newStore();
    await agedRuns(store);
    const pruned = await runCli(["traces", "prune", "--dry-run"], { cwd, env: { ...env, FLYWHEEL_DB: store } });
    expect(pruned.stdout).toMatch(/^would delete 1 traces \(\d+ spans\) older than 30d\n$/);
    const flywheel = await createFlywheel({ config: await loadConfig({ cwd, env: { ...env, FLYWHEEL_DB: store } }) });
    try {
      expect(await applyTraceRetention(flywheel)).toMatchObject({ traces: 1 });
      expect((await flywheel.store.traces.listTraces()).traces.map((trace) => trace.inputPreview)).toEqual(["third", "second"]);
      expect(await applyTraceRetention(flywheel, Date.now() + 30 * day)).toMatchObject({ traces: 2 });
    } finally {
      await flywheel.close();
    }
  }, 60_000);
});

describe("flywheel traces prune without an age", () => {
  it("says how to give one", async () => {
    const bare = temporaryFolder("flywheel-prune-bare-");
    const result = await runCli(["traces", "prune"], { cwd: bare, env: { FLYWHEEL_HOME: path.join(bare, "home"), FLYWHEEL_DB: path.join(bare, "f.db"), NO_COLOR: "1" } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error: no age given to prune traces at\nhint: pass --older-than 30d, or set traces.retention in the config file\n");
    const bad = await runCli(["traces", "prune", "--older-than", "soon"], { cwd: bare, env: { FLYWHEEL_HOME: path.join(bare, "home"), NO_COLOR: "1" } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a span like 30m, 12h or 7d, got "soon"');
  });
});
