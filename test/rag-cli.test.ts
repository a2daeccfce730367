import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createClient } from "@libsql/client";
import { beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { modelHome } from "./support/local-provider-handle.js";
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

  it("chunks with the embedder's own tokenizer: numbers, code, accents and one long line never exceed its 256 tokens", async () => {
    // Text where a generic estimate undercounts WordPiece tokens: each of these was cut by the model before.
    const numbers = Array.from({ length: 24 }, (_, row) => Array.from({ length: 8 }, (_, column) => ((row * 7919 + column * 104_729) % 99_991) / 97.13 - 400).map((value) => value.toFixed(4)).join(" | "));
    const code = Array.from({ length: 30 }, (_, line) => `const x${line}=parseInt(process.env.FLYWHEEL_VAR_${line}??'0x${(line * 2_654_435_761 % 4_294_967_296).toString(16).padStart(8, "0")}',16)^0x${(line * 40_503 % 16_777_216).toString(16)};`);
    const places = "Zürich Ærøskøbing Łódź Þórshöfn Kraków Øresund Škoda Straße naïve façade Dvořák Nürnberg Genève".split(" ");
    const accents = Array.from({ length: 3 }, (_, paragraph) => Array.from({ length: 110 }, (_, word) => places[(paragraph * 31 + word * 7) % places.length]).join(" "));
    const line = Array.from({ length: 160 }, (_, index) => `id-${(index * 7_777_777) % 1_000_000_007}:${(index * 4241) % 999_983}`).join(" ");
    mkdirSync(path.join(cwd, "hard"));
    writeFileSync(path.join(cwd, "hard", "numbers.md"), `# Station readings\n\n${numbers.join("\n")}\n`);
    writeFileSync(path.join(cwd, "hard", "code.md"), `# Parser\n\n\`\`\`js\n${code.join("\n")}\n\`\`\`\n`);
    writeFileSync(path.join(cwd, "hard", "places.md"), `# Städte und Orte\n\n${accents.join("\n\n")}\n`);
    writeFileSync(path.join(cwd, "hard", "ids.txt"), `${line}\n`);
    const ingest = await runCli(["ingest", "hard", "--collection", "hard", "--embedding-model", "local:embed"], { cwd, env: { ...env, FLYWHEEL_HOME: modelHome }, timeoutMs: 240_000 });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/hard: 4 added/);
    // The embedder reports every input it had to cut; none were, and no raw Node or AI SDK warning line appears.
    expect(ingest.stderr).not.toMatch(/truncated|\(node:\d+\)|AI SDK Warning/);
    const database = createClient({ url: `file:${env.FLYWHEEL_DB}` });
    try {
      // Token counts are the embedder's own (special tokens included): at most the 200 of a chunk plus [CLS] and [SEP].
      const sizes = (await database.execute("SELECT token_count FROM rag_chunks")).rows.map((row) => Number(row.token_count));
      expect(sizes.length).toBeGreaterThan(8);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(202);
    } finally {
      database.close();
    }
  }, 300_000);

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

  it("skips a URL that never answers after rag.fetchTimeoutMs, with one warning line, and ingests the rest", async () => {
    const site = createServer(() => undefined);
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/silent`;
    writeFileSync(path.join(cwd, "flywheel.config.yaml"), "defaultModel: openai:gpt-4o-mini\ndefaultEmbeddingModel: openai:text-embedding-3-small\nrag:\n  fetchTimeoutMs: 300\n");
    try {
      const ingest = await runCli(["ingest", url, "handbook", "--collection", "web", "--allow-private-network"], { cwd, env });
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(ingest.stdout).toMatch(/web: 10 added, 0 updated, 0 unchanged, 0 deleted, 1 skipped \(1 fetch-failed\)/);
      // The second line: the protocol server's embeddings are noise, which calibration notices.
      expect(ingest.stderr.trim().split("\n")).toEqual([`warning: ${url}: no answer within 300 ms, skipped`, expect.stringContaining("does not seem to read this collection's text")]);
    } finally {
      site.closeAllConnections();
      site.close();
    }
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

  it("lists collections with their size and model, and deletes one", async () => {
    expect((await runCli(["ingest", "handbook", "--collection", "shop"], { cwd, env })).code).toBe(0);
    const list = await runCli(["collections", "list"], { cwd, env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^name +documents +chunks +embedding model +dims +index +updated\nshop +10 +18 +openai:text-embedding-3-small +16 +exact +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\n$/);
    const json = JSON.parse((await runCli(["collections", "list", "--json"], { cwd, env })).stdout) as { name: string; documentCount: number }[];
    expect(json.map((collection) => [collection.name, collection.documentCount])).toEqual([["shop", 10]]);
    const deleted = await runCli(["collections", "delete", "shop"], { cwd, env });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe("deleted collection shop\n");
    expect((await runCli(["collections", "list"], { cwd, env })).stdout).toBe("no collections yet: flywheel ingest <path> --collection <name>\n");
    expect((await runCli(["search", "paid leave", "--collection", "shop"], { cwd, env })).stderr).toContain('error: no collection "shop"');
    const again = await runCli(["collections", "delete", "shop"], { cwd, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('error: no collection "shop"\nhint: run `flywheel collections list`\n');
  });

  it("benchmarks retrieval on a BEIR folder: one row per mode, and a second run embeds nothing", async () => {
    const beir = path.join(cwd, "tiny-beir");
    mkdirSync(path.join(beir, "qrels"), { recursive: true });
    const documents = [
      ["d1", "Sourdough starter needs flour, water and a warm kitchen to ferment."],
      ["d2", "A bicycle chain should be cleaned and oiled every few hundred kilometres."],
      ["d3", "Tomato seedlings want six hours of sun and evenly moist soil."],
      ["d4", "The violin bow is rosined before playing so the strings grip."],
    ];
    writeFileSync(path.join(beir, "corpus.jsonl"), documents.map(([id, text]) => JSON.stringify({ _id: id, title: "", text })).join("\n"));
    const queries = [["q1", "sourdough starter ferment"], ["q2", "oiled bicycle chain"], ["q3", "tomato seedlings sun"], ["q4", "a query nobody judged"]];
    writeFileSync(path.join(beir, "queries.jsonl"), queries.map(([id, text]) => JSON.stringify({ _id: id, text })).join("\n"));
    writeFileSync(path.join(beir, "qrels", "test.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n");
    const table = await runCli(["bench-retrieval", "tiny-beir"], { cwd, env });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain("tiny-beir: 4 documents, 3 judged queries (1 without judgments skipped), openai:text-embedding-3-small");
    expect(table.stdout).toMatch(/^bm25 +1\.000 +1\.000 +1\.000 +1\.000 +\d/m);
    expect(table.stdout).toMatch(/^vector +[01]\.\d{3} /m);
    expect(table.stdout).toMatch(/^hybrid +[01]\.\d{3} /m);
    const json = await runCli(["bench-retrieval", "tiny-beir", "--modes", "bm25", "--json"], { cwd, env });
    const result = JSON.parse(json.stdout) as { collection: string; ingest: { added: number; unchanged: number }; modes: { mode: string; ndcgAt10: number; queries: number }[] };
    expect(result.collection).toBe("beir-tiny-beir-openai-text-embedding-3-small");
    expect(result.ingest).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
    expect(result.modes).toEqual([expect.objectContaining({ mode: "bm25", ndcgAt10: 1, queries: 3 })]);
    const notBeir = await runCli(["bench-retrieval", "handbook"], { cwd, env });
    expect(notBeir.code).toBe(2);
    expect(notBeir.stderr).toMatch(/^error: handbook is not a BEIR folder: corpus\.jsonl is missing\nhint: /);
  });
});
