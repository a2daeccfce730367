// Trace list, filter and search latency at scale through the TraceStore API: 1M traces on
// PostgreSQL, 100k on libSQL. Rows are made inside the database with one set-based INSERT ...
// SELECT (generate_series on PostgreSQL, a recursive CTE on SQLite), so SQLite's search
// triggers and PostgreSQL's indexes are maintained as for real writes; only the traces table
// is filled (list, filter and search read nothing else). Each query runs 5 times to warm up,
// then 40 times; p50 and p95 in milliseconds.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore } from "../../dist/index.js";
import type { Store, TraceFilter } from "../../dist/index.js";
import { createPostgresDatabase, startPostgresServer } from "../../test/support/postgres-server.js";

const POSTGRES_TRACES = 1_000_000;
const LIBSQL_TRACES = 100_000;
const RUNS = 40;

/** The queries timed: what `traces list` and the workbench's trace page ask. */
const queries: Record<string, TraceFilter> = {
  list: { limit: 50 },
  filterModelStatus: { model: "openai:gpt-4o-mini", status: "error", limit: 50 },
  filterSince: { since: Date.UTC(2026, 0, 1) + 20 * 86_400_000, limit: 50 },
  search: { search: "invoice 4242", limit: 50 },
  searchRare: { search: "zebra-crossing", limit: 50 },
};

/** Trace list / filter / search p50 and p95 (ms) at 1M traces on PostgreSQL and 100k on libSQL. */
export async function tracesScale(): Promise<Record<string, unknown>> {
  const server = await startPostgresServer();
  try {
    const postgres = await measure(await createPostgresDatabase(server.url), POSTGRES_TRACES);
    const libsql = await measure(path.join(mkdtempSync(path.join(tmpdir(), "flywheel-scale-")), "traces.db"), LIBSQL_TRACES);
    return { postgres, libsql };
  } finally {
    await server.stop();
  }
}

async function measure(url: string, count: number): Promise<Record<string, unknown>> {
  const store = await openStore({ url });
  try {
    const started = performance.now();
    await fill(store, count);
    const insertSeconds = (performance.now() - started) / 1000;
    const results: Record<string, unknown> = { traces: count, insertSeconds: round(insertSeconds), insertRowsPerSecond: Math.round(count / insertSeconds) };
    for (const [name, filter] of Object.entries(queries)) results[name] = await time(() => store.traces.listTraces(filter));
    return results;
  } finally {
    await store.close();
  }
}

/** `count` traces over 60 days from 2026-01-01, 4 models, 5% errors, previews with rare and common words. */
async function fill(store: Store, count: number): Promise<void> {
  const start = Date.UTC(2026, 0, 1);
  const select = (i: string, modulo: (a: string, b: number) => string) => `SELECT
      'trace-' || ${i}, 'run', 'run', ${start} + ${i} * 5184.0, ${start} + ${i} * 5184.0 + 800, 800,
      CASE WHEN ${modulo(i, 20)} = 0 THEN 'error' ELSE 'ok' END,
      CASE ${modulo(i, 4)} WHEN 0 THEN 'openai:gpt-4o-mini' WHEN 1 THEN 'openai:gpt-4o' WHEN 2 THEN 'anthropic:claude-haiku-4-5' ELSE 'local:default' END,
      120, 40, 0.0002, 2,
      'question ' || ${i} || ' about invoice ' || ${modulo(i, 10_000)} || CASE WHEN ${modulo(i, 50_000)} = 7 THEN ' zebra-crossing' ELSE '' END,
      'answer to question ' || ${i}`;
  const columns = "trace_id, name, kind, start_time, end_time, duration_ms, status, model, input_tokens, output_tokens, cost_usd, span_count, input_preview, output_preview";
  if (store.sql.dialect === "postgres") {
    await store.sql.execute(`INSERT INTO traces (${columns}) ${select("g", (a, b) => `${a} % ${b}`)} FROM generate_series(1, ${count}) g`);
    await store.sql.execute("ANALYZE traces");
  } else {
    await store.sql.execute(
      `INSERT INTO traces (${columns}) WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < ${count}) ${select("i", (a, b) => `${a} % ${b}`)} FROM g`,
    );
    await store.sql.execute("ANALYZE");
  }
}

async function time(work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let index = 0; index < 5; index += 1) await work();
  const samples: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: round(samples[Math.floor(RUNS * 0.5)]!), p95: round(samples[Math.ceil(RUNS * 0.95) - 1]!) };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
