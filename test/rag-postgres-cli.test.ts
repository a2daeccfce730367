import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { modelHome } from "./support/local-provider-handle.js";
import { createPostgresDatabase } from "./support/postgres-server.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

const QUESTIONS = ["How many days of paid leave do members get?", "what to do when you smell gas near the oven", "feeding the sourdough starter", "which allergens are in the bread"];
let server: ProtocolServer;
let cwd: string;
const engines: Record<"libSQL" | "PostgreSQL", Record<string, string>> = { libSQL: {}, PostgreSQL: {} };

useProtocolServer((started) => (server = started));
beforeAll(async () => {
  cwd = temporaryFolder("flywheel-rag-postgres-");
  cpSync(path.join(import.meta.dirname, "fixtures", "handbook"), path.join(cwd, "handbook"), { recursive: true });
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), "defaultModel: openai:gpt-4o-mini\ndefaultEmbeddingModel: local:embed\nrag:\n  vectorIndex: hnsw\n");
  const common = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "rag-pg-key-123456", FLYWHEEL_HOME: modelHome, NO_COLOR: "1" };
  engines.libSQL = { ...common, FLYWHEEL_DB: path.join(cwd, "flywheel.db") };
  engines.PostgreSQL = { ...common, FLYWHEEL_DB: await createPostgresDatabase(inject("postgresUrl")) };
});

async function topSources(env: Record<string, string>, question: string, mode: string): Promise<string[]> {
  const search = await runCli(["search", question, "--collection", "handbook", "--mode", mode, "-k", "3", "--json"], { cwd, env, timeoutMs: 120_000 });
  expect(search.code, search.stderr).toBe(0);
  return (JSON.parse(search.stdout) as { hits: { source: string }[] }).hits.map((hit) => hit.source);
}

describe("ingest, search and ask on PostgreSQL", () => {
  it("finds the same documents as on a libSQL file, in every search mode, and cites them in ask", async () => {
    for (const env of Object.values(engines)) {
      const ingest = await runCli(["ingest", "handbook", "--collection", "handbook"], { cwd, env, timeoutMs: 240_000 });
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(ingest.stdout).toMatch(/handbook: 10 added, 0 updated, 0 unchanged, 0 deleted/);
    }
    for (const question of QUESTIONS) {
      for (const mode of ["bm25", "vector", "hybrid"]) {
        const [onLibsql, onPostgres] = [await topSources(engines.libSQL, question, mode), await topSources(engines.PostgreSQL, question, mode)];
        expect(onPostgres.length, `${mode}: ${question}`).toBeGreaterThan(0);
        // Vector scores are the same cosine on both; BM25 ranks by FTS5 bm25 vs ts_rank_cd, so only the best document must agree.
        if (mode === "vector") expect(onPostgres, `${mode}: ${question}`).toEqual(onLibsql);
        else expect(onPostgres[0], `${mode}: ${question}`).toBe(onLibsql[0]);
      }
    }
    server.script("gpt-4o-mini", () => ({ text: "Members get 30 days of paid leave a year [1]." }));
    const answers = [];
    for (const env of Object.values(engines)) {
      const ask = await runCli(["ask", QUESTIONS[0]!, "--collection", "handbook", "-k", "3"], { cwd, env, timeoutMs: 120_000 });
      expect(ask.code, ask.stderr).toBe(0);
      answers.push(ask.stdout);
    }
    expect(answers[0]).toContain("Members get 30 days of paid leave a year [1].");
    expect(answers[1]!.split("Sources\n")[1]!.split("\n")[0]).toBe(answers[0]!.split("Sources\n")[1]!.split("\n")[0]);
    expect(answers[1]).toMatch(/^\[1\] handbook\/people\/holidays\.md/m);
  }, 600_000);

  it("refuses a DiskANN collection with one error line naming the kinds that work", async () => {
    const ingest = await runCli(["ingest", "handbook", "--collection", "disk", "--vector-index", "diskann"], { cwd, env: engines.PostgreSQL, timeoutMs: 120_000 });
    expect(ingest.code).toBe(2);
    expect(ingest.stderr).toContain('error: vector index "diskann" is not available on PostgreSQL');
    expect(ingest.stderr).toMatch(/hint: use one of exact, hnsw/);
    expect(ingest.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
