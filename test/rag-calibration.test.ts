import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { ingest, search } from "../src/rag/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { localProviderHandle, modelHome } from "./support/local-provider-handle.js";
import { runCli } from "./support/run-cli.js";

const handbook = path.join(import.meta.dirname, "fixtures", "handbook");

/**
 * Thirty short documents in Ethiopic script, none of whose letters all-MiniLM-L6-v2's vocabulary
 * has (each word is one unknown token to it): words drawn from a fixed vocabulary, a topic of
 * twelve words per document, one sentence a line. BM25 reads them as well as any other words.
 */
function unreadableCorpus(folder: string): string {
  mkdirSync(folder, { recursive: true });
  let seed = 7;
  const next = (below: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % below;
  };
  const vocabulary = Array.from({ length: 400 }, () => Array.from({ length: 2 + next(3) }, () => String.fromCodePoint(0x1200 + next(0x150))).join(""));
  for (let document = 0; document < 30; document++) {
    const topic = Array.from({ length: 12 }, () => vocabulary[next(vocabulary.length)]!);
    const lines = Array.from({ length: 4 }, () => Array.from({ length: 10 }, () => (next(3) === 0 ? vocabulary[next(vocabulary.length)]! : topic[next(topic.length)]!)).join(" ") + "።");
    writeFileSync(path.join(folder, `d${document}.txt`), `${lines.join("\n")}\n`);
  }
  return folder;
}

let flywheel: Flywheel;
let folder: string;

beforeAll(async () => {
  folder = temporaryFolder("flywheel-calibration-");
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_DB: path.join(folder, "flywheel.db") }, overrides: { traces: { enabled: false } } });
  flywheel = await createFlywheel({ config, providers: { local: localProviderHandle() } });
}, 60_000);
afterAll(async () => {
  await flywheel?.close();
});

describe("calibrating a collection at ingest (local:embed)", () => {
  it("keeps hybrid for English the embedder reads, and searches that name no mode use it", async () => {
    const summary = await ingest(flywheel, { collection: "handbook", inputs: [handbook], cwd: handbook, embeddingModel: "local:embed" });
    expect(summary.calibration).toMatchObject({ mode: "hybrid" });
    expect(summary.calibration!.sampleSize).toBeGreaterThanOrEqual(10);
    expect(summary.calibration!.scores.vector).toBeGreaterThanOrEqual(0.4 * summary.calibration!.scores.bm25);
    expect((await search(flywheel, { collection: "handbook", query: "gas supply shut-off" })).mode).toBe("hybrid");
    const again = await ingest(flywheel, { collection: "handbook", inputs: [handbook], cwd: handbook });
    expect(again.calibration, "an unchanged collection keeps its calibration").toBeUndefined();
  }, 120_000);

  it("chooses BM25 alone for text the embedder cannot read, while an explicit mode still applies", async () => {
    const corpus = unreadableCorpus(path.join(folder, "ethiopic"));
    const summary = await ingest(flywheel, { collection: "ethiopic", inputs: [corpus], cwd: folder, embeddingModel: "local:embed" });
    expect(summary.calibration).toMatchObject({ mode: "bm25" });
    expect(summary.calibration!.scores.vector).toBeLessThan(0.4 * summary.calibration!.scores.bm25);
    expect(summary.calibration!.reason).toContain("does not seem to read this text");
    const query = "ሀ"; // any word: only the mode is checked
    expect((await search(flywheel, { collection: "ethiopic", query })).mode).toBe("bm25");
    expect((await search(flywheel, { collection: "ethiopic", query, mode: "hybrid" })).mode).toBe("hybrid");
    expect((await search(flywheel, { collection: "ethiopic", query, weights: { vector: 1, bm25: 1 } })).mode, "weights given ask for hybrid").toBe("hybrid");
  }, 120_000);
});

describe("flywheel collections show and calibrate", () => {
  it("prints the mode chosen with each ranking's score, and calibrates a collection again on request", async () => {
    const cwd = temporaryFolder("flywheel-calibration-cli-");
    unreadableCorpus(path.join(cwd, "ethiopic"));
    const env = { FLYWHEEL_HOME: modelHome, FLYWHEEL_DB: path.join(cwd, "flywheel.db"), NO_COLOR: "1" };
    const ingested = await runCli(["ingest", "ethiopic", "--collection", "amharic", "--embedding-model", "local:embed", "--in-process"], { cwd, env });
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(ingested.stdout).toMatch(/^search mode: bm25: vector search found \d+% as many pseudo-queries as BM25/m);
    expect(ingested.stderr).toMatch(/the embedding model local:embed cannot read \d+% of this text/);

    const shown = await runCli(["collections", "show", "amharic"], { cwd, env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^amharic: 30 documents, \d+ chunks, updated /);
    expect(shown.stdout).toMatch(/^embedding model: local:embed \(384 dims, exact index\)$/m);
    expect(shown.stdout).toMatch(/^readability: the model cannot read \d+% of the text .*: vector search will be poor, prefer --mode bm25$/m);
    expect(shown.stdout).toMatch(/calibrated on \d+ pseudo-queries from \d+ chunks in [\d.]+s · MRR@10 vector 0\.\d{3}, bm25 [01]\.\d{3}, hybrid [01]\.\d{3}/);

    const calibrated = await runCli(["collections", "calibrate", "amharic"], { cwd, env });
    expect(calibrated.code, calibrated.stderr).toBe(0);
    expect(calibrated.stdout).toMatch(/^search mode: bm25/);

    const missing = await runCli(["collections", "show", "nope"], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: no collection "nope"\nhint: run `flywheel collections list`\n');
  }, 180_000);
});
