import { cpSync, existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { copyStore } from "../src/store/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { createPostgresDatabase } from "./support/postgres-server.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;
let source: string;

// Reads that must print the same on every copy of the store (the PostgreSQL one included).
const sameEverywhere = [
  ["traces", "list", "--json"],
  ["traces", "list", "--search", "Echo"],
  ["eval", "list"],
  ["datasets", "list"],
  ["collections", "list"],
  ["search", "glaze firing", "--collection", "shop", "--mode", "vector", "--json"],
  ["search", "glaze firing", "--collection", "fast", "--mode", "vector", "--json"],
];

async function outputs(store: string, commands: string[][]): Promise<string[]> {
  const printed: string[] = [];
  for (const args of commands) {
    const result = await runCli(args, { cwd, env: { ...env, FLYWHEEL_DB: store } });
    expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
    printed.push(result.stdout);
  }
  return printed;
}

/** Vector distances are each engine's float arithmetic (libSQL and pgvector differ in the 7th digit). */
function roundScores(printed: string[]): string[] {
  return printed.map((text) => text.replace(/"score": (-?[\d.e-]+)/g, (_, score: string) => `"score": ${Number(score).toFixed(5)}`));
}

beforeAll(async () => {
  server = await startProtocolServer();
  cwd = temporaryFolder("flywheel-db-copy-");
  source = path.join(cwd, "source.db");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "db-copy-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: source, NO_COLOR: "1" };
  cpSync(path.join(import.meta.dirname, "fixtures", "handbook"), path.join(cwd, "handbook"), { recursive: true });
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), "defaultModel: openai:gpt-4o-mini\ndefaultEmbeddingModel: openai:text-embedding-3-small\n");
  writeFileSync(path.join(cwd, "promptfooconfig.yaml"), `prompts: ["Echo {{word}}"]\nproviders: [openai:chat:gpt-4o-mini]\ntests:\n  - vars: { word: alpha }\n    assert: [{ type: contains, value: alpha }]\n  - vars: { word: beta }\n    assert: [{ type: equals, value: nope }]\n`);
  writeFileSync(path.join(cwd, "qa.csv"), ["question,answer", ...Array.from({ length: 12 }, (_, index) => `"What is ${index} plus ${index}? Naïve café ✓",${index * 2}`)].join("\n") + "\n");
  const create = [
    ["run", "hello from the source store"],
    ["eval"],
    ["ingest", "handbook", "--collection", "shop"],
    ["ingest", "handbook", "--collection", "fast", "--vector-index", "hnsw"],
    ["datasets", "import", "qa", "qa.csv"],
  ];
  for (const args of create) {
    const result = await runCli(args, { cwd, env });
    expect([0, 1], `${args.join(" ")}: ${result.stderr}`).toContain(result.code);
  }
  const [list] = await outputs(source, [["traces", "list", "--json"]]);
  const traceId = (JSON.parse(list!) as { traces: { traceId: string }[] }).traces[0]!.traceId;
  const feedback = await runCli(["feedback", traceId, "--label", "good", "--note", "kept across engines"], { cwd, env });
  expect(feedback.code, feedback.stderr).toBe(0);
}, 120_000);
afterAll(async () => {
  await server.close();
});

describe("flywheel db copy", () => {
  it("copies a libSQL store into PostgreSQL and back, verified, with the same reads on every copy", async () => {
    const postgres = await createPostgresDatabase(inject("postgresUrl"));
    const there = await runCli(["db", "copy", "--from", source, "--to", postgres, "--batch-size", "7"], { cwd, env });
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toMatch(/^traces +\d+ +[0-9a-f]{16}$/m);
    expect(there.stdout).toMatch(/^rag_vec_1 +\d+ /m);
    expect(there.stdout).toMatch(/copied \d+ rows in [\d.]+s \(\d+ rows\/s\); verified \d+ tables/);
    expect(there.stderr).toMatch(/^feedback: 1 rows \(\d+ rows\/s\)$/m);

    const back = path.join(cwd, "back.db");
    const home = await runCli(["db", "copy", "--from", postgres, "--to", back], { cwd, env });
    expect(home.code, home.stderr).toBe(0);
    // The HNSW index of the "fast" collection is built beside the new file by the copy, not on the first search.
    expect(existsSync(`${back}.vectors`)).toBe(true);
    // The same tables with the same hashes in both directions: hashes are computed the same way on both engines.
    expect(home.stdout.split("\n").slice(0, -2)).toEqual(there.stdout.split("\n").slice(0, -2));

    const original = await outputs(source, sameEverywhere);
    expect(roundScores(await outputs(postgres, sameEverywhere))).toEqual(roundScores(original));
    expect(await outputs(back, sameEverywhere)).toEqual(original);
    // Full-text scores are the engine's own (BM25 vs ts_rank), so a libSQL round trip must match exactly.
    const lexical = [["search", "glaze firing", "--collection", "shop", "--mode", "hybrid", "--json"]];
    expect(await outputs(back, lexical)).toEqual(await outputs(source, lexical));

    // New rows on the copy get fresh ids after the copied ones.
    const more = await runCli(["ingest", "handbook", "--collection", "more"], { cwd, env: { ...env, FLYWHEEL_DB: postgres } });
    expect(more.code, more.stderr).toBe(0);
  }, 120_000);

  it("refuses a destination that holds data, and replaces it with --force", async () => {
    const target = path.join(cwd, "target.db");
    const first = await runCli(["db", "copy", "--from", source, "--to", target], { cwd, env });
    expect(first.code, first.stderr).toBe(0);
    const again = await runCli(["db", "copy", "--from", source, "--to", target], { cwd, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: the destination already holds data \(.+\)\nhint: copy into an empty database, or add --force to delete its data first\n$/);
    const forced = await runCli(["db", "copy", "--from", source, "--to", target, "--force"], { cwd, env });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/^copied \d+ rows/m);
    const same = await runCli(["db", "copy", "--from", source, "--to", source], { cwd, env });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain("error: --from and --to name the same store");
  }, 60_000);

  it("resumes an interrupted copy after its last batch", async () => {
    const postgres = await createPostgresDatabase(inject("postgresUrl"));
    const stop = new AbortController();
    let seen = 0;
    const interrupted = copyStore({
      from: source,
      to: postgres,
      batchSize: 5,
      signal: stop.signal,
      onProgress: (event) => {
        if (event.table === "rag_chunks" && (seen += 1) === 2) stop.abort();
      },
    });
    await expect(interrupted).rejects.toThrow("the copy was cancelled");

    const plain = await runCli(["db", "copy", "--from", source, "--to", postgres], { cwd, env });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain("error: the destination holds an unfinished copy of this source\nhint: add --resume to continue it, or --force to start over");
    const resumed = await runCli(["db", "copy", "--from", source, "--to", postgres, "--resume", "--json"], { cwd, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { resumed: boolean; rowsWritten: number; tables: { name: string; rows: number }[] };
    expect(report.resumed).toBe(true);
    const total = report.tables.reduce((sum, table) => sum + table.rows, 0);
    // Tables before rag_chunks and its first 10 rows were not copied again.
    expect(report.rowsWritten).toBeLessThan(total);
    const chunks = report.tables.find((table) => table.name === "rag_chunks")!.rows;
    expect(chunks).toBeGreaterThan(10);
    expect(roundScores(await outputs(postgres, sameEverywhere))).toEqual(roundScores(await outputs(source, sameEverywhere)));
  }, 120_000);
});
