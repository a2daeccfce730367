// Radar at scale: one run over 50 feeds of 100 items each (5,000 items) from the in-repo feed
// server: fetch, store with identities, group duplicates, load the clusters and rank them for
// a profile. Summaries are left out (model calls); the title embeddings the grouping and the
// ranking ask for are timed apart, so the run is reported with and without model calls, with
// the process's peak memory. A second run over the same feeds shows the cost of a day with
// nothing new (every feed answers 304).
import path from "node:path";
import { loadConfig } from "../src/config/index.js";
import { defaultPipeline } from "../src/radar/index.js";
import type { RadarContext } from "../src/radar/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import { startFeedServer } from "../test/support/feed-server/index.js";
import { temporaryFolder } from "../test/support/flywheel-fixture.js";
import { localProviderHandle } from "../test/support/local-provider-handle.js";
import { reportBench } from "./support/results.js";

const FEEDS = 50;
const ITEMS = 100;

export async function run(): Promise<void> {
  const feeds = await startFeedServer();
  const folder = temporaryFolder("flywheel-bench-radar-");
  const config = await loadConfig({
    cwd: folder,
    env: { FLYWHEEL_DB: path.join(folder, "flywheel.db") },
    overrides: {
      radar: {
        sources: Array.from({ length: FEEDS }, (_, index) => feeds.url(`/gen/${index}.xml?items=${ITEMS}`)),
        allowPrivateAddresses: ["127.0.0.1"],
        // Every feed is on one host here; a real run spreads them over many.
        fetch: { hostDelayMs: 0, concurrency: 8 },
        topics: ["open-weight coding models", "inference prices", "retrieval evaluation"],
        since: "3650d",
      },
    },
  });
  const flywheel = await createFlywheel({ config, providers: { local: localProviderHandle() } });
  // Time spent inside the embedder: the model calls the run is also reported without.
  let modelMs = 0;
  const embeddingModel = flywheel.embeddingModel.bind(flywheel);
  flywheel.embeddingModel = (modelId) => {
    const model = embeddingModel(modelId);
    return Object.assign(Object.create(model) as typeof model, {
      doEmbed: async (options: Parameters<typeof model.doEmbed>[0]) => {
        const started = performance.now();
        try {
          return await model.doEmbed(options);
        } finally {
          modelMs += performance.now() - started;
        }
      },
    });
  };
  const context: RadarContext = { flywheel, config: flywheel.config.radar, cwd: folder, now: Date.now(), progress: () => undefined };
  const pass = async () => {
    modelMs = 0;
    const steps: Record<string, number> = {};
    const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await work();
      steps[name] = performance.now() - started;
      return result;
    };
    const started = performance.now();
    const fetched = await time("fetch", () => defaultPipeline.fetch(context));
    const ingested = await time("ingest", () => defaultPipeline.ingest(context, fetched.items));
    const clusters = await time("clusters", () => defaultPipeline.clusters(context, 0));
    const ranked = await time("rank", () => defaultPipeline.rank(context, clusters));
    const wallMs = performance.now() - started;
    return { fetched, ingested, clusters: clusters.length, ranked: ranked.length, wallMs, modelMs, steps };
  };
  const first = await pass();
  const second = await pass();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await flywheel.close();
  await feeds.close();
  const row = (name: string, result: typeof first) => ({
    name,
    values: {
      items: result.fetched.items.length,
      new: result.ingested.newItems,
      clusters: result.clusters,
      "wall s": result.wallMs / 1000,
      "model calls s": result.modelMs / 1000,
      "without model calls s": (result.wallMs - result.modelMs) / 1000,
      "fetch s": result.steps.fetch! / 1000,
      "ingest s": result.steps.ingest! / 1000,
      "clusters s": result.steps.clusters! / 1000,
      "rank s": result.steps.rank! / 1000,
    },
  });
  reportBench({
    benchmark: "radar",
    setup: { feeds: FEEDS, itemsPerFeed: ITEMS, cores: 2, peakRssMb: Math.round(peakRssMb), target: "under 60 s without model calls" },
    rows: [row("first run (5,000 new items)", first), row("second run (all 304)", second)],
    ratios: { "first run without model calls / 60 s": (first.wallMs - first.modelMs) / 60_000 },
  });
  console.log(`peak memory (whole process, embedder included): ${Math.round(peakRssMb)} MB`);
}
