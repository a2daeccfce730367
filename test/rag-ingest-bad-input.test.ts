import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
let cwd: string;
let env: Record<string, string>;

useProtocolServer((started) => (server = started));
beforeEach(() => {
  server.reset();
  cwd = temporaryFolder("flywheel-ingest-bad-");
  writeFileSync(path.join(cwd, "flywheel.config.yaml"), "defaultModel: openai:gpt-4o-mini\ndefaultEmbeddingModel: openai:text-embedding-3-small\n");
  env = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "ingest-bad-key-123456", FLYWHEEL_HOME: path.join(cwd, "home"), FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
});

describe("flywheel ingest with bad input", () => {
  it("skips and reports HTML nested too deep and bad corpus lines, chunks a 10 MB line, and keeps every good document", async () => {
    const docs = path.join(cwd, "docs");
    mkdirSync(docs);
    writeFileSync(path.join(docs, "otters.md"), "# Otters\n\nSea otters hold hands while they sleep so they do not drift apart.\n");
    writeFileSync(path.join(docs, "page.html"), "<html><head><title>Kilns</title></head><body><main><h1>Kilns</h1><p>A kiln fires clay to cone six for stoneware glazes.</p></main></body></html>");
    writeFileSync(path.join(docs, "deep.html"), `<html><body>${"<div>".repeat(20_000)}nested text${"</div>".repeat(20_000)}</body></html>`);
    // One 10 MB line: base64-like text without whitespace, then a findable word.
    const line = Array.from({ length: 10_000_000 / 64 }, (_, index) => `Qm${(index * 2_654_435_761 % 4_294_967_296).toString(36).padStart(14, "0")}`.repeat(4)).join("");
    writeFileSync(path.join(docs, "minified.txt"), `${line} zebrafinch`);
    writeFileSync(
      path.join(docs, "corpus.jsonl"),
      [JSON.stringify({ _id: "b1", title: "Bees", text: "Honeybees dance to tell the hive where the flowers are." }), "{not json", JSON.stringify({ _id: "b2" }), JSON.stringify({ _id: "b3", text: "Ants farm aphids for honeydew." })].join("\n"),
    );

    const ingest = await runCli(["ingest", "docs", "--collection", "mixed"], { cwd, env, timeoutMs: 240_000 });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stderr).toContain("warning: docs/deep.html: HTML nested more than 256 elements deep, too deep to read, skipped");
    expect(ingest.stderr).toMatch(/^warning: docs\/corpus\.jsonl:2: not JSON, skipped/m);
    expect(ingest.stderr).toMatch(/^warning: docs\/corpus\.jsonl:3: lacks _id or text, skipped/m);
    expect(ingest.stderr).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
    expect(ingest.stdout).toMatch(/mixed: 5 added, 0 updated, 0 unchanged, 0 deleted, 3 skipped \(1 too-deep, 2 bad-line\)/);

    for (const [query, source] of [
      ["sea otters sleep", "docs/otters.md"],
      ["kiln cone stoneware", "docs/page.html"],
      ["honeybees dance", "docs/corpus.jsonl#b1"],
      ["ants aphids", "docs/corpus.jsonl#b3"],
      ["zebrafinch", "docs/minified.txt"],
    ]) {
      const search = await runCli(["search", query!, "--collection", "mixed", "--mode", "bm25", "-k", "1", "--json"], { cwd, env });
      expect(search.code, search.stderr).toBe(0);
      expect((JSON.parse(search.stdout) as { hits: { source: string }[] }).hits[0]?.source).toBe(source);
    }
  }, 300_000);
});
