import path from "node:path";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openStore, StoreSpanExporter } from "../src/index.js";
import type { Store } from "../src/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { createPostgresDatabase, startPostgresServer } from "./support/postgres-server.js";
import type { PostgresServer } from "./support/postgres-server.js";
import { runCli } from "./support/run-cli.js";

// A server of this file's own: these tests stop and start it.
let server: PostgresServer;
let url: string;
let store: Store;
const cwd = temporaryFolder("flywheel-store-faults-");
const env = { FLYWHEEL_HOME: path.join(cwd, "home"), NO_COLOR: "1" };

beforeAll(async () => {
  server = await startPostgresServer();
  url = await createPostgresDatabase(server.url);
  store = await openStore({ url });
}, 120_000);
afterAll(async () => {
  await store?.close();
  await server?.stop();
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the PostgreSQL store going away mid-run", () => {
  it("holds spans in memory while the server is down and writes them when it is back", async () => {
    const exporter = new StoreSpanExporter(store.traces, { retryDelayMs: 200 });
    const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer("faults");
    tracer.startSpan("before the outage").end();
    await exporter.forceFlush();
    await server.pause();
    try {
      tracer.startSpan("during the outage").end();
      tracer.startSpan("still down").end();
      await until(() => exporter.heldSpans === 2);
    } finally {
      await server.resume();
    }
    await until(() => exporter.heldSpans === 0);
    await exporter.forceFlush();
    const names = (await store.traces.listTraces({ limit: 10 })).traces.map((trace) => trace.name).sort();
    expect(names).toEqual(["before the outage", "during the outage", "still down"]);
    expect(exporter.errors).toEqual([]);
  }, 60_000);

  it("retries a read with backoff while the server restarts", async () => {
    await server.pause();
    const read = store.traces.listTraces({ limit: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.resume();
    expect((await read).traces).toHaveLength(1);
  }, 60_000);

  it("fails a read in one line naming host and database once the retries are spent", async () => {
    await server.pause();
    try {
      const error = await store.traces.listTraces({ limit: 1 }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "store-unavailable", hint: "check that the database server is running and reachable, then retry" });
      expect((error as Error).message).toMatch(/^lost the connection to PostgreSQL at [^\n]+\/flywheel_test_[^\n]+: connect ENOENT [^\n]+$/);
    } finally {
      await server.resume();
    }
  }, 60_000);

  it("fails a command in one line naming host and database, never the password, while it is down", async () => {
    const planted = url.replace("postgres:@", "postgres:Planted-Secret-77@");
    await server.pause();
    try {
      const result = await runCli(["traces", "list"], { cwd, env: { ...env, FLYWHEEL_DB: planted } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: cannot connect to PostgreSQL at [^\n]+\/flywheel_test_[^\n]+\nhint: check the host, port, database name and credentials[^\n]*\n$/);
      expect(result.stderr).not.toContain("Planted-Secret-77");
    } finally {
      await server.resume();
    }
  }, 60_000);
});

describe("a wrong connection string", () => {
  it.each([
    ["a host that does not resolve", () => "postgresql://flywheel:Planted-Secret-77@no-such-host.invalid:5432/flywheel"],
    ["a database that does not exist", () => inject("postgresUrl").replace("postgres:@", "postgres:Planted-Secret-77@").replace(/\/postgres\?/, "/no_such_database?")],
  ])("is a one-line error for %s, with the password kept out", async (_label, badUrl) => {
    const result = await runCli(["traces", "list"], { cwd, env: { ...env, FLYWHEEL_DB: badUrl() } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: cannot connect to PostgreSQL at [^\n]+\nhint: [^\n]+\n$/);
    expect(result.stderr).not.toContain("Planted-Secret-77");
  }, 30_000);
});

describe("a PostgreSQL store migrated by a newer Flywheel", () => {
  it("is refused by this one, in one line", async () => {
    const newer = await createPostgresDatabase(inject("postgresUrl"));
    const opened = await openStore({ url: newer });
    await opened.sql.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from-the-future', 0)");
    await opened.close();
    const result = await runCli(["traces", "list"], { cwd, env: { ...env, FLYWHEEL_DB: newer } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: the store is at schema version 999, newer than this Flywheel knows \(\d+\)\nhint: upgrade Flywheel[^\n]*\n$/);
  }, 30_000);
});
