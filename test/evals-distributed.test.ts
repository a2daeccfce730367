import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { JsonReport } from "../src/evals/index.js";
import { openStore } from "../src/store/index.js";
import type { JobRecord, Store } from "../src/store/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { createPostgresDatabase } from "./support/postgres-server.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";
import { startWorkerProcess } from "./support/worker-process.js";
import type { WorkerProcess } from "./support/worker-process.js";

const TESTS = 24;
const PROMPTS = 2;

/** 24 tests x 2 prompts; every fifth test asks for a word the reply never has, so some cells fail. */
function writeSuite(file: string, description: string): void {
  const tests = Array.from({ length: TESTS }, (_, index) => `  - vars: { word: w${index} }\n    assert: [{ type: contains, value: "${index % 5 === 0 ? "absent" : `w${index}`}" }]\n`).join("");
  writeFileSync(file, `description: ${description}\nprompts: ["Echo {{word}}", "Repeat {{word}}"]\nproviders: [openai:chat:gpt-4o-mini]\ntests:\n${tests}`);
}

/** What must not depend on where a cell ran (not its latency, trace or time). */
function outcome(file: string): { summary: unknown; cells: unknown[] } {
  const report = JSON.parse(readFileSync(file, "utf8")) as JsonReport;
  return { summary: report.summary, cells: report.results.map(({ testIndex, variantIndex, repeat, status, score, reason, output, assertions }) => ({ testIndex, variantIndex, repeat, status, score, reason, output, assertions })) };
}

const totalsLine = (stdout: string) => /^.*passed, .* failed, .* errors \(.*$/m.exec(stdout)?.[0];

describe("flywheel eval --distributed on PostgreSQL", () => {
  let cwd: string;
  let env: Record<string, string>;
  let store: Store;
  let server: ProtocolServer;
  let workers: WorkerProcess[] = [];
  const chatCalls = () => server.requests.filter((request) => request.path.endsWith("/chat/completions")).length;
  // The real worker command; swapping in another way of serving the queue changes this line only.
  const startWorker = () => startWorkerProcess(["--queues", "eval"], { cwd, env });

  beforeAll(async () => {
    const url = await createPostgresDatabase(inject("postgresUrl"));
    // Slow enough replies that one worker cannot drain every shard before the other polls.
    server = await startProtocolServer({ latencyMs: 200 });
    cwd = temporaryFolder("flywheel-eval-distributed-");
    writeSuite(path.join(cwd, "suite.yaml"), "spread");
    writeSuite(path.join(cwd, "cancel.yaml"), "cancelled");
    writeSuite(path.join(cwd, "kill.yaml"), "killed");
    // The shortest lease pg-boss allows, so a lost shard is taken over within seconds.
    writeFileSync(path.join(cwd, "flywheel.config.yaml"), "jobs:\n  leaseSeconds: 10\n");
    env = { FLYWHEEL_DB: url, OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "eval-distributed-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), NO_COLOR: "1" };
    store = await openStore({ url });
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL");
    await store?.close();
    await server?.close();
  });

  it("runs the shards on two workers: the same cells and summary as a local run, each cell run and stored once", async () => {
    workers = [startWorker(), startWorker()];
    await Promise.all(workers.map((worker) => worker.waitFor("serving eval")));

    server.reset();
    const spread = await runCli(["eval", "-c", "suite.yaml", "--distributed", "--shard-size", "3", "--no-cache", "-o", "spread.json"], { cwd, env, timeoutMs: 90_000 });
    expect(spread.stderr).toContain("8 shards queued for workers; Ctrl-C cancels them");
    expect(spread.stderr).toContain("10 of 48 cells failed");
    expect(spread.code, spread.stderr).toBe(1);
    expect(chatCalls()).toBe(TESTS * PROMPTS);

    const local = await runCli(["eval", "-c", "suite.yaml", "--no-cache", "-o", "local.json"], { cwd, env, timeoutMs: 90_000 });
    expect(local.code, local.stderr).toBe(1);
    expect(outcome(path.join(cwd, "spread.json"))).toEqual(outcome(path.join(cwd, "local.json")));
    expect(totalsLine(spread.stdout)).toBe(totalsLine(local.stdout));
    expect(totalsLine(spread.stdout)).toContain("38 passed, 10 failed, 0 errors (48 cells)");

    const { runId } = JSON.parse(readFileSync(path.join(cwd, "spread.json"), "utf8")) as { runId: string };
    expect(await store.evals.getRun(runId)).toMatchObject({ status: "completed", passed: 38, failed: 10, errors: 0 });
    expect(await store.evals.countCells(runId)).toEqual({ pass: 38, fail: 10, error: 0 });
    const shards = await store.jobs.list({ queue: "eval" });
    expect(shards).toHaveLength(8);
    expect(shards.every((job) => job.state === "succeeded" && job.result?.cellsRun === 6)).toBe(true);
    const servedBy = new Set(shards.map((job) => String(job.result?.worker).split(":")[1]));
    expect(servedBy).toEqual(new Set(workers.map((worker) => String(worker.child.pid))));
  }, 150_000);

  it("takes over the shard of a worker killed mid-shard: only its missing cells run again, each stored once", async () => {
    server.reset();
    const follower = runCli(["eval", "-c", "kill.yaml", "--distributed", "--shard-size", String(TESTS), "--no-cache"], { cwd, env, timeoutMs: 90_000 });
    let holder: JobRecord | undefined;
    for (const started = Date.now(); holder === undefined && Date.now() - started < 30_000; await sleep(50)) {
      const [shard] = await store.jobs.list({ queue: "eval", states: ["running"] });
      const [run] = await store.evals.listRuns({ limit: 1 });
      if (shard !== undefined && run?.name === "killed" && (await store.evals.getCells(run.runId)).length >= 8) holder = shard;
    }
    expect(holder, "the shard never stored cells on a worker").toBeDefined();
    const killed = workers.find((worker) => worker.child.pid === Number(holder!.workerId!.split(":")[1]))!;
    killed.child.kill("SIGKILL");
    await killed.exited;

    const result = await follower;
    expect(result.stdout).toMatch(/38 passed, 10 failed, 0 errors \(48 cells\)/);
    expect(result.code, result.stderr).toBe(1);
    const shard = await store.jobs.get(holder!.jobId);
    expect(shard).toMatchObject({ state: "succeeded", attempts: 2 });
    expect(Number(shard!.result!.cellsSkipped)).toBeGreaterThanOrEqual(8);
    expect(Number(shard!.result!.cellsSkipped) + Number(shard!.result!.cellsRun)).toBe(TESTS * PROMPTS);
    const [run] = await store.evals.listRuns({ limit: 1 });
    expect(await store.evals.countCells(run!.runId)).toEqual({ pass: 38, fail: 10, error: 0 });
    // Only cells the dead worker had not yet stored were asked again: per cell slot, one in flight
    // and at most one finished but still in the writer's batch (a 200 ms reply outlasts a write).
    expect(chatCalls()).toBeLessThanOrEqual(TESTS * PROMPTS + 2 * 4);
    workers = workers.filter((worker) => worker !== killed);
  }, 120_000);

  it("refuses a budget, which one process counts, and a credential written in the suite, which the store must not keep", async () => {
    const refused = await runCli(["eval", "-c", "suite.yaml", "--distributed", "--max-calls", "10"], { cwd, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("error: --max-calls and --max-cost cannot be combined with --distributed");
    expect(refused.stderr).toContain("hint: drop --distributed to run under a budget");
    expect(refused.stderr).not.toContain("    at ");

    writeFileSync(
      path.join(cwd, "http.yaml"),
      `prompts: ["Echo {{word}}"]\nproviders:\n  - id: ${server.openaiBaseURL}/chat/completions\n    config: { headers: { content-type: application/json, authorization: "Bearer canary-distributed-9f3k2" }, body: { model: gpt-4o-mini, messages: [{ role: user, content: "{{prompt}}" }] } }\ntests: [{ vars: { word: a } }]\n`,
    );
    const literal = await runCli(["eval", "-c", "http.yaml", "--distributed"], { cwd, env });
    expect(literal.code).toBe(2);
    expect(literal.stderr).toMatch(/^error: header authorization of target .* is written in the suite: a distributed run keeps its suite in the store, where no credential may go$/m);
    expect(literal.stderr).toContain('hint: read it from the environment, e.g. authorization: "Bearer {{env.MY_API_KEY}}"');
    expect(JSON.stringify(await store.sql.query("SELECT suite FROM eval_run_suites"))).not.toContain("canary-distributed-9f3k2");
  });

  it("Ctrl-C cancels the queued shards; the same command resumes the run on a worker", async () => {
    for (const worker of workers) worker.child.kill("SIGTERM");
    await Promise.all(workers.map((worker) => worker.exited));
    const before = (await store.jobs.list({ queue: "eval" })).length;
    const cancelled = await runCli(["eval", "-c", "cancel.yaml", "--distributed", "--no-cache"], {
      cwd,
      env,
      timeoutMs: 60_000,
      onSpawn: (child) =>
        void (async () => {
          while ((await store.jobs.list({ queue: "eval", states: ["queued"] })).length === 0) await sleep(50);
          child.kill("SIGINT");
        })(),
    });
    expect(cancelled.stderr).toContain("no live worker serves the eval queue yet");
    expect(cancelled.code, cancelled.stderr).toBe(130);
    const shards = (await store.jobs.list({ queue: "eval" })).slice(0, -before);
    expect(shards.length).toBeGreaterThan(0);
    expect(shards.every((job) => job.state === "cancelled")).toBe(true);
    expect((await store.evals.listRuns({ limit: 1 }))[0]).toMatchObject({ status: "cancelled", name: "cancelled" });

    workers = [startWorker()];
    await workers[0]!.waitFor("serving eval");
    const resumed = await runCli(["eval", "-c", "cancel.yaml", "--distributed", "--no-cache"], { cwd, env, timeoutMs: 90_000 });
    expect(resumed.stderr).toContain("resuming run");
    expect(resumed.stdout).toMatch(/38 passed, 10 failed, 0 errors \(48 cells\)/);
    expect(resumed.code, resumed.stderr).toBe(1);
  }, 150_000);
});
