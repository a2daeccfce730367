import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";
import { beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { modelHome } from "./support/local-provider-handle.js";
import { runCli } from "./support/run-cli.js";

let cwd: string;
let env: Record<string, string>;

beforeEach(() => {
  cwd = temporaryFolder("flywheel-embedder-fit-");
  env = { FLYWHEEL_HOME: modelHome, FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
});

const english = Array.from({ length: 40 }, (_, index) => `Paragraph ${index}: the kiln ramps to cone six over eight hours, then holds for twenty minutes before it cools.`).join("\n\n");
const russian = Array.from({ length: 12 }, () => "Правительство решило значительно расширить поддержку возобновляемых источников энергии.").join(" ");
const thai = Array.from({ length: 12 }, () => "รัฐบาลตัดสินใจขยายการสนับสนุนพลังงานหมุนเวียนอย่างมาก").join(" ");

describe("ingest fits chunks and text to the embedding model", () => {
  it("cuts a chunk size above the model's limit to what it reads beside its special tokens, and never truncates", async () => {
    mkdirSync(path.join(cwd, "notes"));
    writeFileSync(path.join(cwd, "notes", "kiln.md"), `# Kiln\n\n${english}\n`);
    // paraphrase-MiniLM-L3-v2 reads 128 tokens, [CLS] and [SEP] included.
    const ingest = await runCli(["ingest", "notes", "--collection", "kiln", "--embedding-model", "local:paraphrase-minilm-l3-v2", "--chunk-size", "400"], { cwd, env, timeoutMs: 120_000 });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stderr).toContain("warning: chunk size 400 is more than local:paraphrase-minilm-l3-v2 reads (128 tokens, 126 beside its special tokens and prefix): chunks were cut at 126 tokens\n");
    expect(ingest.stderr).not.toMatch(/truncated|cannot read/);
    const database = createClient({ url: `file:${env.FLYWHEEL_DB}` });
    try {
      const sizes = (await database.execute("SELECT token_count FROM rag_chunks")).rows.map((row) => Number(row.token_count));
      expect(sizes.length).toBeGreaterThan(3);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(128);
      expect(Math.max(...sizes)).toBeGreaterThan(100);
    } finally {
      database.close();
    }
  }, 150_000);

  it("warns at ingest when the model cannot read the text, and `collections show` says how much", async () => {
    mkdirSync(path.join(cwd, "news"));
    writeFileSync(path.join(cwd, "news", "ru.txt"), `${russian}\n`);
    writeFileSync(path.join(cwd, "news", "th.txt"), `${thai}\n`);
    writeFileSync(path.join(cwd, "news", "en.txt"), "The government widened its support for renewable energy.\n");
    const ingest = await runCli(["ingest", "news", "--collection", "news", "--embedding-model", "local:paraphrase-minilm-l3-v2"], { cwd, env, timeoutMs: 120_000 });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stderr).toMatch(
      /^warning: the embedding model local:paraphrase-minilm-l3-v2 cannot read (9\d)% of this text \(unknown or letter-by-letter word pieces\): vector search will be poor; search it with --mode bm25, or ingest it into a new collection with an --embedding-model that reads its language$/m,
    );
    const show = await runCli(["collections", "show", "news"], { cwd, env });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^news: 3 documents, (\d+) chunks, updated /);
    expect(show.stdout).toMatch(/^readability: the model cannot read 9\d% of the text \(\d+% unknown pieces, \d+\.\d\d pieces per word; \d+ chunks sampled\): vector search will be poor, prefer --mode bm25$/m);
    const json = JSON.parse((await runCli(["collections", "show", "news", "--json"], { cwd, env })).stdout) as { settings: { readability: { unreadableShare: number; texts: number } } };
    expect(json.settings.readability.texts).toBe(Number(/(\d+) chunks, updated/.exec(show.stdout)![1]));
    expect(json.settings.readability.unreadableShare).toBeGreaterThan(0.9);

    const missing = await runCli(["collections", "show", "nope"], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: .*nope.*\nhint: run `flywheel collections list`\n$/);
  }, 150_000);
});
