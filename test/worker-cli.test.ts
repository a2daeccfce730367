import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { openStore } from "../src/store/index.js";
import type { Store } from "../src/store/index.js";
import { deferred } from "./support/deferred.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { createPostgresDatabase } from "./support/postgres-server.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";
import { runTrace } from "./support/span-factory.js";
import { SENTIMENT_SYSTEM, sentimentReply, sentimentReviews } from "./support/sentiment-task.js";
import type { CliResult } from "./support/run-cli.js";

const fixtures = path.join(import.meta.dirname, "fixtures");
let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;
const children: ChildProcess[] = [];

useProtocolServer((started) => (server = started));
beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-worker-cli-");
  cpSync(path.join(fixtures, "handbook"), path.join(cwd, "handbook"), { recursive: true });
  // The lease is as short as config allows, so a dead worker's job is taken over within seconds.
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), "defaultEmbeddingModel: openai:text-embedding-3-small\njobs:\n  leaseSeconds: 10\n");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "worker-cli-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** A `flywheel worker` running in the background, with its output so far. */
interface BackgroundWorker {
  child: ChildProcess;
  stdout(): string;
  done: Promise<CliResult>;
}

async function startWorker(args: string[]): Promise<BackgroundWorker> {
  const spawned = deferred<Omit<BackgroundWorker, "done">>();
  const done = runCli(["worker", ...args], {
    cwd,
    env,
    timeoutMs: 120_000,
    onSpawn: (child, output) => {
      children.push(child);
      spawned.resolve({ child, stdout: output.stdout });
    },
  });
  return { ...(await spawned.promise), done };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** 150 one-chunk notes in a folder: three embedding batches. */
function writeNotes(name: string): void {
  mkdirSync(path.join(cwd, name));
  for (let index = 0; index < 150; index++) writeFileSync(path.join(cwd, name, `note-${index}.md`), `# Note ${index} of ${name}\n\nThe ${name} note number ${index} says the kiln fires at cone ${index % 10}.\n`);
}

/** A fresh PostgreSQL store holding a `sentiment` dataset to fine-tune on, with fast polling and the shortest lease. */
async function importSentimentOnPostgres(): Promise<void> {
  env.FLYWHEEL_DB = await createPostgresDatabase(inject("postgresUrl"));
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), "finetune:\n  pollIntervalMs: 10\njobs:\n  leaseSeconds: 10\n");
  const rows = sentimentReviews(40).map((review) => ({ messages: [{ role: "system", content: SENTIMENT_SYSTEM }, { role: "user", content: review.text }, { role: "assistant", content: sentimentReply(review.label) }] }));
  writeFileSync(path.join(cwd, "sentiment.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n"));
  expect((await runCli(["datasets", "import", "sentiment", "sentiment.jsonl", "--split", "0.6,0.1,0.3"], { cwd, env })).code).toBe(0);
}

describe("flywheel worker", () => {
  it("refuses a libSQL file without --local, and unknown queues, with an error and a hint", async () => {
    const file = await runCli(["worker"], { cwd, env });
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/^error: workers on other machines need a PostgreSQL store; this one is a libSQL file\nhint: .*--local/m);
    const unknown = await runCli(["worker", "--local", "--queues", "ingest,bogus"], { cwd, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: no queue "bogus"\nhint: queues a worker serves: .*finetune.*ingest/m);
  });

  it("applies traces.retention when it starts, deleting only traces older than it", async () => {
    const store = await openStore({ url: env.FLYWHEEL_DB! });
    await store.traces.writeSpans(runTrace({ model: "m:x", startTime: Date.now() - 40 * 86_400_000, input: "old question", inputTokens: 1, outputTokens: 1, costUsd: 0 }));
    await store.traces.writeSpans(runTrace({ model: "m:x", startTime: Date.now(), input: "new question", inputTokens: 1, outputTokens: 1, costUsd: 0 }));
    writeFileSync(path.join(cwd, "flywheel.config.yaml"), "traces:\n  retention: 30d\n");
    const worker = await startWorker(["--local", "--queues", "ingest"]);
    await until("the prune line", async () => (worker.stdout().includes("pruned 1 traces") ? true : undefined));
    worker.child.kill("SIGTERM");
    expect((await worker.done).code).toBe(0);
    expect((await store.traces.listTraces()).traces.map((trace) => trace.inputPreview)).toEqual(["new question"]);
    await store.close();
  });

  it("with --local on a libSQL file, takes the ingest that `flywheel ingest` queues, cancels it on Ctrl-C in the follower, and stops cleanly on SIGTERM", async () => {
    const worker = await startWorker(["--local", "--queues", "ingest"]);
    const store = await openStore({ url: env.FLYWHEEL_DB! });
    try {
      await until("the worker to announce itself", async () => ((await store.workers.live(Date.now() - 10_000, "ingest")).length > 0 ? true : undefined));
      const ingest = await runCli(["ingest", "handbook", "--collection", "shop"], { cwd, env });
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(ingest.stderr).toMatch(/job [0-9a-f-]{36} queued for a worker/);
      expect(ingest.stdout).toMatch(/shop: \d+ added, 0 updated, 0 unchanged/);
      expect(worker.stdout()).toMatch(/^started ingest [0-9a-f]{8}\nsucceeded ingest [0-9a-f]{8} after /m);
      const here = await runCli(["ingest", "handbook", "--collection", "here", "--in-process"], { cwd, env });
      expect(here.code, here.stderr).toBe(0);
      expect(here.stderr).not.toContain("queued for a worker");
      expect(here.stdout).toMatch(/here: \d+ added/);

      // Ctrl-C while following cancels the job in the worker.
      writeNotes("big");
      let follower: ChildProcess | undefined;
      const following = runCli(["ingest", "big", "--collection", "slow", "--embedding-model", "openai:slow-1500"], { cwd, env, onSpawn: (child) => (follower = child) });
      const slow = await until("the slow ingest to run", async () => (await store.jobs.list({ queue: "ingest", states: ["running"] }))[0]);
      follower!.kill("SIGINT");
      const interrupted = await following;
      expect(interrupted.code, interrupted.stderr).toBe(130);
      expect(interrupted.stderr).toContain("cancelled: documents written so far are complete");
      expect((await store.jobs.get(slow.jobId))?.state).toBe("cancelled");
      expect(worker.stdout()).toContain(`cancelled ingest ${slow.jobId.slice(0, 8)}`);

      worker.child.kill("SIGTERM");
      const stopped = await worker.done;
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stderr).toContain("stopping: running jobs stay resumable by the next worker");
      expect(await store.workers.live(0, "ingest")).toEqual([]);
      // With no live worker, ingest runs in the process again.
      const again = await runCli(["ingest", "handbook", "--collection", "shop"], { cwd, env });
      expect(again.stderr).not.toContain("queued for a worker");
      expect(again.stdout).toMatch(/0 added, 0 updated, \d+ unchanged/);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("on PostgreSQL, `finetune start` hands the job to a live worker and follows it to the tuned model", async () => {
    await importSentimentOnPostgres();
    const worker = await startWorker(["--queues", "finetune"]);
    const store = await openStore({ url: env.FLYWHEEL_DB });
    try {
      await until("the worker to announce itself", async () => ((await store.workers.live(Date.now() - 10_000, "finetune")).length > 0 ? true : undefined));
      const start = await runCli(["finetune", "start", "--engine", "openai", "--dataset", "sentiment", "--base", "openai:gpt-4o-mini-2024-07-18", "--name", "remote", "--no-compare", "--json"], { cwd, env });
      expect(start.code, start.stderr).toBe(0);
      expect(start.stderr).toContain("a worker will run it");
      const job = JSON.parse(start.stdout) as { jobId: string; state: string; workerId: string; result: { model: string } };
      expect(job).toMatchObject({ state: "succeeded", result: { model: expect.stringMatching(/^openai:ft:gpt-4o-mini-2024-07-18:flywheel:remote:\d+$/) as unknown as string } });
      expect(Number(job.workerId.split(":")[1])).toBe(worker.child.pid);
      expect(worker.stdout()).toMatch(new RegExp(`^started finetune ${job.jobId.slice(0, 8)}\nsucceeded finetune ${job.jobId.slice(0, 8)} after `, "m"));
    } finally {
      await store.close();
    }
  }, 60_000);

  it("on PostgreSQL, `finetune start` runs the job itself when the worker it saw is killed before taking it", async () => {
    await importSentimentOnPostgres();
    const worker = await startWorker(["--queues", "finetune"]);
    const store = await openStore({ url: env.FLYWHEEL_DB });
    try {
      await until("the worker to announce itself", async () => ((await store.workers.live(Date.now() - 10_000, "finetune")).length > 0 ? true : undefined));
      worker.child.kill("SIGKILL");
      await worker.done;
      // The dead worker still looks live until its lease runs out; then the command stops waiting for it.
      const start = await runCli(["finetune", "start", "--engine", "openai", "--dataset", "sentiment", "--base", "openai:gpt-4o-mini-2024-07-18", "--name", "orphan", "--no-compare", "--json"], { cwd, env, timeoutMs: 60_000 });
      expect(start.code, start.stderr).toBe(0);
      expect(start.stderr).toContain("a worker will run it");
      expect(start.stderr).toContain("the worker went away before taking the job: running it here");
      const job = JSON.parse(start.stdout) as { state: string; attempts: number; workerId: string };
      expect(job).toMatchObject({ state: "succeeded", attempts: 1 });
      expect(Number(job.workerId.split(":")[1])).not.toBe(worker.child.pid);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("with --local, `ingest` runs in the command when the worker it saw is killed before taking the job", async () => {
    const worker = await startWorker(["--local", "--queues", "ingest"]);
    const store = await openStore({ url: env.FLYWHEEL_DB! });
    try {
      await until("the worker to announce itself", async () => ((await store.workers.live(Date.now() - 10_000, "ingest")).length > 0 ? true : undefined));
      worker.child.kill("SIGKILL");
      await worker.done;
      const ingest = await runCli(["ingest", "handbook", "--collection", "shop"], { cwd, env, timeoutMs: 60_000 });
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(ingest.stderr).toContain("queued for a worker");
      expect(ingest.stderr).toContain("the worker went away before taking the ingest: running it here");
      expect(ingest.stdout).toMatch(/shop: \d+ added, 0 updated, 0 unchanged/);
      expect(await store.jobs.list({ queue: "ingest" })).toMatchObject([{ state: "cancelled", attempts: 0 }]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("on PostgreSQL, a worker stopped with SIGTERM mid-job leaves it to the other at once, without waiting for the lease", async () => {
    env.FLYWHEEL_DB = await createPostgresDatabase(inject("postgresUrl"));
    writeNotes("notes");
    const workers = [await startWorker(["--queues", "ingest"]), await startWorker(["--queues", "ingest"])];
    const store = await openStore({ url: env.FLYWHEEL_DB });
    try {
      await until("both workers to announce themselves", async () => ((await store.workers.live(Date.now() - 10_000, "ingest")).length === 2 ? true : undefined));
      const ingest = runCli(["ingest", "notes", "--collection", "notes", "--embedding-model", "openai:slow-1500"], { cwd, env, timeoutMs: 60_000 });
      const job = await until("a batch written", async () => (await store.jobs.list({ queue: "ingest", states: ["running"] })).find((item) => Number(item.progress?.chunks ?? 0) > 0));
      const holder = workers.find((worker) => worker.child.pid === Number(job.workerId!.split(":")[1]))!;
      const other = workers.find((worker) => worker !== holder)!;
      const stoppedAt = Date.now();
      holder.child.kill("SIGTERM");
      const stopped = await holder.done;
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stdout).toContain(`stopped ingest ${job.jobId.slice(0, 8)}`);
      const result = await ingest;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/notes: \d+ added, 0 updated, [1-9]\d* unchanged/);
      const resumed = (await store.jobs.events(job.jobId)).find((event) => event.type === "resumed")!;
      expect(resumed.time - stoppedAt).toBeLessThan(8_000);
      expect(other.stdout()).toContain(`started ingest ${job.jobId.slice(0, 8)} (attempt 2)`);
      expect(await store.collections.chunkCount((await store.collections.get("notes"))!)).toBe(150);
    } finally {
      await store.close();
    }
  }, 60_000);

  it("on PostgreSQL, a worker killed mid-job loses it to the other after the lease; every job succeeds once", async () => {
    env.FLYWHEEL_DB = await createPostgresDatabase(inject("postgresUrl"));
    // 150 one-chunk documents per collection: three embedding batches of ~1.5 s each, with a checkpoint after each.
    for (const name of ["alpha", "beta"]) writeNotes(name);
    const workers = [await startWorker(["--queues", "ingest"]), await startWorker(["--queues", "ingest"])];
    const store: Store = await openStore({ url: env.FLYWHEEL_DB });
    try {
      await until("both workers to announce themselves", async () => ((await store.workers.live(Date.now() - 10_000, "ingest")).length === 2 ? true : undefined));
      const ingests = ["alpha", "beta"].map((name) => runCli(["ingest", name, "--collection", name, "--embedding-model", "openai:slow-1500"], { cwd, env, timeoutMs: 120_000 }));
      // The first job with a batch written (chunks counts what is stored): kill the worker that holds it, mid-job.
      const victim = await until("a job halfway through", async () => {
        const jobs = await store.jobs.list({ queue: "ingest", states: ["running"] });
        return jobs.find((job) => Number(job.progress?.chunks ?? 0) > 0 && Number(job.progress?.chunks) < 150);
      });
      const pid = Number(victim.workerId!.split(":")[1]);
      const killed = workers.find((worker) => worker.child.pid === pid)!;
      const survivor = workers.find((worker) => worker !== killed)!;
      killed.child.kill("SIGKILL");
      const killedAt = Date.now();

      const results = await Promise.all(ingests);
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      for (const [index, name] of ["alpha", "beta"].entries()) expect(results[index]!.stdout).toMatch(new RegExp(`${name}: (\\d+) added, 0 updated, (\\d+) unchanged`));
      const resumedSummary = /: (\d+) added, 0 updated, (\d+) unchanged/.exec(results[["alpha", "beta"].indexOf(victim.payload.collection as string)]!.stdout)!;
      expect(Number(resumedSummary[2])).toBeGreaterThan(0);
      expect(Number(resumedSummary[1]) + Number(resumedSummary[2])).toBe(150);

      const jobs = await store.jobs.list({ queue: "ingest" });
      expect(jobs.map((job) => job.state)).toEqual(["succeeded", "succeeded"]);
      for (const job of jobs) {
        const events = (await store.jobs.events(job.jobId)).map((event) => event.type);
        expect(events.filter((type) => type === "job-succeeded"), job.jobId).toHaveLength(1);
        expect(job.attempts).toBe(job.jobId === victim.jobId ? 2 : 1);
        if (job.jobId === victim.jobId) expect(events).toContain("resumed");
      }
      const resumedAt = (await store.jobs.events(victim.jobId)).find((event) => event.type === "resumed")!.time;
      // Taken over once the lease (10 s) ran out, not a supervisor's minute later.
      expect(resumedAt - killedAt).toBeLessThan(25_000);
      expect(survivor.stdout()).toContain(`started ingest ${victim.jobId.slice(0, 8)} (attempt 2)`);
      // Every document exactly once, each with its one chunk: nothing lost, nothing written twice.
      for (const name of ["alpha", "beta"]) {
        const collection = (await store.collections.get(name))!;
        expect(new Set((await store.collections.documentStates(collection)).map((state) => state.source)).size).toBe(150);
        expect(await store.collections.chunkCount(collection)).toBe(150);
      }
      survivor.child.kill("SIGTERM");
      expect((await survivor.done).code).toBe(0);
    } finally {
      await store.close();
    }
  }, 120_000);
});
