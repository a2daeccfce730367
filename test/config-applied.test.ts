import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import type { ConfigFile } from "../src/config/index.js";
import { importDataset } from "../src/datasets/index.js";
import { ingest, search } from "../src/rag/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { openStore } from "../src/store/index.js";
import type { Store } from "../src/store/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

// The library, called without the CLI, applies flywheel.config's values and the schema's defaults.

const handbook = path.join(import.meta.dirname, "fixtures", "handbook");
let server: ProtocolServer;
const stores: Store[] = [];
const runtimes: Flywheel[] = [];

useProtocolServer((started) => (server = started));
afterEach(async () => {
  await Promise.all([...stores.splice(0).map((store) => store.close()), ...runtimes.splice(0).map((flywheel) => flywheel.close())]);
  server.reset();
});

/** Imports twelve chat rows with the config written as `overrides`, giving no split options. */
async function importWithConfig(overrides: ConfigFile) {
  const folder = temporaryFolder();
  const store = await openStore({ url: path.join(folder, "flywheel.db") });
  stores.push(store);
  const config = await loadConfig({ cwd: folder, env: {}, overrides });
  const file = path.join(folder, "rows.jsonl");
  const topics = ["bread", "tea", "rain", "maps", "bees", "ships", "clocks", "glass", "salt", "moss", "kites", "wool"];
  writeFileSync(file, topics.map((topic) => JSON.stringify({ messages: [{ role: "user", content: `tell me one fact about ${topic}` }, { role: "assistant", content: `a fact about ${topic}` }] })).join("\n"));
  return importDataset({ store, config }, { name: "facts", file });
}

describe("config applied by the library", () => {
  it("splits a dataset with datasets.seed and datasets.split from config, and the schema's seed 42 without them", async () => {
    const configured = await importWithConfig({ datasets: { seed: 7, split: { train: 0.5, validation: 0, test: 0.5 } } });
    expect(configured.version.report.split).toMatchObject({ seed: 7 });
    expect(configured.version.splits).toEqual({ train: 6, validation: 0, test: 6 });
    const plain = await importWithConfig({});
    expect(plain.version.report.split).toMatchObject({ seed: 42 });
    expect(plain.version.splits.validation).toBeGreaterThan(0);
  });

  it("searches with rag.mode from config, and fuses hybrid rankings with the schema's rrfK of 10", async () => {
    const embeddingModel = "openai:text-embedding-3-small";
    const bm25 = await flywheelAgainst(server, { config: { defaultEmbeddingModel: embeddingModel, rag: { mode: "bm25" } } });
    // Hybrid named in config: in the default mode (auto) this collection's calibration would choose BM25, since the protocol server's embeddings are noise.
    const hybrid = await flywheelAgainst(server, { config: { defaultEmbeddingModel: embeddingModel, rag: { mode: "hybrid" } } });
    runtimes.push(bm25, hybrid);
    for (const flywheel of [bm25, hybrid]) await ingest(flywheel, { collection: "handbook", inputs: [handbook], cwd: flywheel.folder });

    expect((await search(bm25, { collection: "handbook", query: "sourdough starter" })).mode).toBe("bm25");
    const fused = await search(hybrid, { collection: "handbook", query: "sourdough starter" });
    expect(fused.mode).toBe("hybrid");
    expect(fused.hits).toHaveLength(10);
    for (const hit of fused.hits) {
      const expected = (hit.ranks?.vector === undefined ? 0 : 1 / (10 + hit.ranks.vector)) + (hit.ranks?.bm25 === undefined ? 0 : 0.5 / (10 + hit.ranks.bm25));
      expect(hit.score).toBeCloseTo(expected, 12);
    }
  });
});
