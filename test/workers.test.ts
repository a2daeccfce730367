import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openStore } from "../src/store/index.js";
import type { JobRecord, Store } from "../src/store/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { createPostgresDatabase } from "./support/postgres-server.js";
import { runCli } from "./support/run-cli.js";
import { startWorkerProcess } from "./support/worker-process.js";
import type { WorkerProcess } from "./support/worker-process.js";

const DOCUMENTS = 200;

/** A folder of distinct small notes: enough embedding work that a worker can be killed mid-job. */
function writeNotes(folder: string): void {
  mkdirSync(folder, { recursive: true });
  for (let index = 0; index < DOCUMENTS; index += 1) {
    const lines = Array.from({ length: 6 }, (_, line) => `Note ${index} line ${line}: the ${["pump", "valve", "sensor", "rotor"][line % 4]} ${index * 7 + line} reads ${(index * 13 + line) % 97} units at station ${index % 11}.`);
    writeFileSync(path.join(folder, `note-${index}.md`), `# Note ${index}\n\n${lines.join("\n\n")}\n`);
  }
}

describe("flywheel worker on PostgreSQL", () => {
  let cwd: string;
  let env: Record<string, string>;
  let store: Store;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const url = await createPostgresDatabase(inject("postgresUrl"));
    cwd = temporaryFolder();
    writeNotes(path.join(cwd, "notes"));
    // The shortest lease pg-boss allows, so a lost job is taken over within seconds.
    writeFileSync(path.join(cwd, "flywheel.config.yaml"), "jobs:\n  leaseSeconds: 10\n");
    env = { FLYWHEEL_DB: url };
    store = await openStore({ url });
  });

  afterAll(async () => {
    for (const worker of workers) worker.child.kill("SIGKILL");
    await store?.close();
  });

  it("takes over the job of a worker killed mid-job: nothing lost, nothing stored twice", async () => {
    for (let index = 0; index < 2; index += 1) workers.push(startWorkerProcess(["--queues", "ingest"], { cwd, env }));
    await Promise.all(workers.map((worker) => worker.waitFor("serving ingest")));
    expect(await store.workers.live(Date.now() - 10_000, "ingest")).toHaveLength(2);

    // `ingest` sees live workers, queues the job and follows it.
    const follower = runCli(["ingest", "notes", "--collection", "notes"], { cwd, env, timeoutMs: 150_000 });
    let holder: JobRecord | undefined;
    for (const started = Date.now(); Date.now() - started < 60_000; await sleep(50)) {
      const [job] = await store.jobs.list({ queue: "ingest" });
      const done = Number((job?.progress as { documentsDone?: number } | null)?.documentsDone ?? 0);
      if (job?.state === "running" && done > 0 && done < DOCUMENTS) {
        holder = job;
        break;
      }
    }
    expect(holder, "the ingest job never showed progress on a worker").toBeDefined();
    const pid = Number(holder!.workerId!.split(":")[1]);
    const killed = workers.find((worker) => worker.child.pid === pid)!;
    const survivor = workers.find((worker) => worker !== killed)!;
    killed.child.kill("SIGKILL");
    expect((await killed.exited).signal).toBe("SIGKILL");

    const result = await follower;
    expect(result.stderr).toContain("a worker takes this ingest");
    expect(result.code, result.stderr).toBe(0);

    const job = await store.jobs.get(holder!.jobId);
    expect(job).toMatchObject({ state: "succeeded", attempts: 2 });
    expect(String(job!.result!.worker)).toContain(`:${survivor.child.pid}:`);
    const events = await store.jobs.events(holder!.jobId);
    expect(events.filter((event) => event.type === "job-succeeded")).toHaveLength(1);
    expect(survivor.output()).toMatch(/finished ingest job/);

    // Every note is there exactly once, with as many chunks as an ingest run in one process.
    const collection = (await store.collections.get("notes"))!;
    expect((await store.collections.documentStates(collection)).length).toBe(DOCUMENTS);
    const reference = await runCli(["ingest", "notes", "--collection", "reference", "--in-process"], { cwd, env, timeoutMs: 150_000 });
    expect(reference.code, reference.stderr).toBe(0);
    expect(await store.collections.chunkCount(collection)).toBe(await store.collections.chunkCount((await store.collections.get("reference"))!));
  }, 180_000);

  it("stops cleanly on SIGTERM and is no longer counted live", async () => {
    const survivor = workers.find((worker) => worker.child.exitCode === null && worker.child.signalCode === null)!;
    survivor.child.kill("SIGTERM");
    expect((await survivor.exited).code).toBe(0);
    expect(await store.workers.live(Date.now() - 10_000, "ingest")).toHaveLength(0);
  }, 30_000);

  it("names the queues it can serve when given an unknown one", async () => {
    const result = await runCli(["worker", "--queues", "nightly"], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown queue nightly");
    expect(result.stderr).toMatch(/hint: choose from .*ingest/);
  });
});
