// What `/api/events` costs the database: one reading of the store's change marks (the query
// every workbench process runs once a second while a page listens), on a store of many traces,
// on libSQL and on PostgreSQL. Median and p95 of repeated readings.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore } from "../dist/index.js";
import type { Store } from "../dist/index.js";
import { createPostgresDatabase, startPostgresServer } from "../test/support/postgres-server.js";
import { runTrace } from "../test/support/span-factory.js";
import { reportBench } from "./support/results.js";

const TRACES = 100_000;
const READINGS = 30;

async function fill(store: Store): Promise<void> {
  for (let start = 0; start < TRACES; start += 2000) {
    const spans = Array.from({ length: 2000 }, (_value, index) =>
      runTrace({ model: "openai:gpt-4o-mini", startTime: 1_700_000_000_000 + (start + index) * 1000, input: `q${start + index}`, inputTokens: 5, outputTokens: 5, costUsd: 0.0001 }),
    ).flat();
    await store.traces.writeSpans(spans);
  }
}

async function readings(store: Store): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let index = 0; index < READINGS; index += 1) {
    const started = performance.now();
    await store.changes();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(READINGS / 2)]!, p95: times[Math.floor(READINGS * 0.95)]! };
}

/** Runs the benchmark. */
export async function run(): Promise<void> {
  const rows = [];
  const libsql = await openStore({ url: path.join(mkdtempSync(path.join(tmpdir(), "flywheel-marks-")), "marks.db") });
  await fill(libsql);
  rows.push({ name: "libSQL", values: await readings(libsql) });
  await libsql.close();
  const server = await startPostgresServer();
  try {
    const postgres = await openStore({ url: await createPostgresDatabase(server.url) });
    await fill(postgres);
    rows.push({ name: "PostgreSQL", values: await readings(postgres) });
    await postgres.close();
  } finally {
    await server.stop();
  }
  reportBench({ benchmark: "change-marks", setup: { traces: TRACES, spansPerTrace: 2, readings: READINGS, unit: "ms per reading" }, rows });
}
