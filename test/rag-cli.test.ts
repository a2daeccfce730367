import { cpSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

const fixtures = path.join(import.meta.dirname, "fixtures");
let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;

useProtocolServer((started) => (server = started));
beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-rag-cli-");
  cpSync(path.join(fixtures, "handbook"), path.join(cwd, "handbook"), { recursive: true });
  cpSync(path.join(fixtures, "pdf"), path.join(cwd, "pdf"), { recursive: true });
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), "defaultModel: openai:gpt-4o-mini\ndefaultEmbeddingModel: openai:text-embedding-3-small\n");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "rag-cli-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
});

describe("flywheel ingest, search and ask", () => {
  it("ingests folders with a PDF, warns about an encrypted one, and searches with --json", async () => {
    const ingest = await runCli(["ingest", "handbook", "pdf", "--collection", "shop"], { cwd, env });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/shop: 11 added, 0 updated, 0 unchanged, 0 deleted, 1 skipped \(1 encrypted\)/);
    expect(ingest.stderr).toContain("warning: pdf/locked.pdf: encrypted PDF (needs a password), skipped");

    const again = await runCli(["ingest", "handbook", "pdf", "--collection", "shop"], { cwd, env });
    expect(again.stdout).toContain("0 added, 0 updated, 11 unchanged");

    const search = await runCli(["search", "firing schedule cone", "--collection", "shop", "--mode", "bm25", "-k", "2", "--json"], { cwd, env });
    expect(search.code, search.stderr).toBe(0);
    const parsed = JSON.parse(search.stdout) as { hits: { source: string; chunkId: number; score: number; text: string; location: { page?: number } }[] };
    expect(parsed.hits[0]).toMatchObject({ source: "pdf/kiln-manual.pdf", location: { page: 3 } });
    expect(parsed.hits[0]!.text).toContain("ramp to cone 6");
    expect(typeof parsed.hits[0]!.chunkId).toBe("number");
    expect(parsed.hits[0]!.score).toBeGreaterThan(0);
  });

  it("streams a cited answer with its sources printed under it", async () => {
    await runCli(["ingest", "handbook", "--collection", "shop"], { cwd, env });
    server.script("gpt-4o-mini", () => ({ text: "Members get 30 days of paid leave a year [1]." }));
    const ask = await runCli(["ask", "How many days of paid leave?", "--collection", "shop", "--mode", "bm25", "-k", "3"], { cwd, env });
    expect(ask.code, ask.stderr).toBe(0);
    const [answer, sources] = ask.stdout.split("Sources\n");
    expect(answer).toContain("Members get 30 days of paid leave a year [1].");
    expect(sources).toMatch(/^\[1\] handbook\/people\/holidays\.md \(lines \d+-\d+ · Time off\)$/m);
    expect(sources).toMatch(/^\[2\] .*\(not cited\)$/m);
    expect(ask.stderr).toMatch(/trace [0-9a-f]{12}/);
  });

  it("explains an unknown collection and a missing input", async () => {
    const search = await runCli(["search", "anything", "--collection", "nope"], { cwd, env });
    expect(search.code).toBe(1);
    expect(search.stderr).toContain('error: no collection "nope"');
    expect(search.stderr).toContain("hint: add documents with: flywheel ingest <path> --collection nope");
    const ingest = await runCli(["ingest", "missing-folder", "--collection", "x"], { cwd, env });
    expect(ingest.code).toBe(2);
    expect(ingest.stderr).toContain('error: "missing-folder" is not a file, folder, glob with matches, or http(s) URL');
  });
});
