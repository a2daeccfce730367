import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { canonicalUrl, estimateJaccard, ingestItems, itemId, loadClusters, minHashSigner } from "../src/radar/dedup/index.js";
import type { RadarContext } from "../src/radar/radar-pipeline.js";
import type { FeedItem } from "../src/radar/radar-types.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { localProviderHandle } from "./support/local-provider-handle.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 10);

describe("canonical URL", () => {
  it.each([
    ["HTTPS://Example.COM:443/News/Story/?b=2&a=1#comments", "https://example.com/News/Story?a=1&b=2"],
    ["http://example.com:80/", "http://example.com"],
    ["https://example.com:8443/a", "https://example.com:8443/a"],
    ["https://example.com/post?utm_source=x&utm_medium=y&fbclid=z&gclid=q&ref=hn&mc_cid=1&mc_eid=2&id=7", "https://example.com/post?id=7"],
    ["https://example.com/post?utm_campaign=launch", "https://example.com/post"],
    ["http://arxiv.org/abs/2512.01234v3", "https://arxiv.org/abs/2512.01234"],
    ["https://arxiv.org/pdf/2512.01234v2.pdf", "https://arxiv.org/abs/2512.01234"],
    ["https://export.arxiv.org/pdf/2512.01234", "https://arxiv.org/abs/2512.01234"],
    ["https://arxiv.org/abs/cs/0112017v1", "https://arxiv.org/abs/cs/0112017"],
    ["https://arxiv.org/list/cs.CL/recent", "https://arxiv.org/list/cs.CL/recent"],
    ["not a url ", "not a url"],
  ])("%s → %s", (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it("gives the same id to the same page linked differently, and different ids to different pages", () => {
    const feed = "https://feeds.example/rss";
    expect(itemId(canonicalUrl("https://Blog.example/a/?utm_source=rss"), feed)).toBe(itemId(canonicalUrl("https://blog.example/a#top"), feed));
    expect(itemId(canonicalUrl("https://blog.example/a"), feed)).not.toBe(itemId(canonicalUrl("https://blog.example/b"), feed));
    expect(itemId(canonicalUrl("https://blog.example/a"), feed)).not.toBe(itemId(canonicalUrl("https://blog.example/a"), "https://other.example/atom"));
  });
});

describe("MinHash", () => {
  const words = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => `w${from + index}`);

  it.each([
    [0.2, words(0, 120), words(80, 200)],
    [0.5, words(0, 300), words(100, 400)],
    [0.8, words(0, 900), words(100, 1000)],
    [0, words(0, 100), words(100, 200)],
  ])("estimates a Jaccard of %s within 0.1", (jaccard, a, b) => {
    const sign = minHashSigner({ hashes: 128, seed: 7 });
    expect(Math.abs(estimateJaccard(sign(a), sign(b)) - jaccard)).toBeLessThan(0.1);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const set = words(0, 50);
    expect(minHashSigner({ seed: 3 })(set)).toEqual(minHashSigner({ seed: 3 })(set));
    expect(minHashSigner({ seed: 3 })(set)).not.toEqual(minHashSigner({ seed: 4 })(set));
    expect(estimateJaccard(minHashSigner()(set), minHashSigner()([...set].reverse()))).toBe(1);
  });
});

describe("ingesting and clustering radar items", () => {
  let flywheel: Flywheel | undefined;
  afterEach(async () => {
    await flywheel?.close();
    flywheel = undefined;
  });

  async function radarContext(messages: string[] = []): Promise<RadarContext> {
    const folder = temporaryFolder();
    const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: path.join(folder, "home") }, overrides: { traces: { enabled: false }, radar: { since: "30d" } } });
    flywheel = await createFlywheel({ config, providers: { local: localProviderHandle() } });
    return { flywheel, config: config.radar, cwd: folder, now: NOW, progress: (message) => messages.push(message) };
  }

  const item = (overrides: Partial<FeedItem> & Pick<FeedItem, "url" | "title" | "text">): FeedItem => ({ sourceUrl: "https://feeds.example/rss", sourceName: "Example Feed", publishedAt: NOW - DAY, ...overrides });
  const launch8b = item({
    sourceName: "Meta News",
    url: "https://ai.meta.com/blog/llama-4-8b/",
    title: "Meta releases Llama 4 8B",
    text: "Meta today released Llama 4 8B, an open-weight small model with a 128K-token context window. It scores 61.9 on LiveCodeBench, ahead of Qwen2.5 7B. The weights are on Hugging Face.",
    publishedAt: NOW - 2 * DAY,
  });
  const launch70b = item({
    sourceName: "Meta News",
    url: "https://ai.meta.com/blog/llama-4-70b/",
    title: "Meta releases Llama 4 70B",
    text: "Meta today released Llama 4 70B, an open-weight large model with a 128K-token context window. It scores 74.3 on LiveCodeBench, ahead of Qwen2.5 72B. The weights are on Hugging Face.",
    publishedAt: NOW - 2 * DAY + 60_000,
  });
  const syndicated8b = { ...launch8b, sourceName: "AI News Wire", sourceUrl: "https://ainewswire.io/rss", url: "https://ainewswire.io/2026/12/08/meta-releases-llama-4-8b", publishedAt: NOW - DAY };
  const paraphrase8b = item({
    sourceName: "The Decoder",
    url: "https://the-decoder.com/llama-4-8b-hands-on",
    title: "Hands-on with Llama 4 8B, Meta's 128K context model",
    text: "We spent a day with Llama 4 8B. The small open-weight model handled long documents in its 128K window, and Meta reports 61.9 on LiveCodeBench.",
    publishedAt: NOW - DAY / 2,
  });

  it("stores new items once: a second ingest of the same feed, or of tracking-link copies, adds nothing", async () => {
    const messages: string[] = [];
    const context = await radarContext(messages);
    expect(await ingestItems(context, [launch8b, launch70b])).toEqual({ newItems: 2, seen: 0 });
    expect(messages.some((message) => message.startsWith("embedding titles: 2/2"))).toBe(true);
    expect(await ingestItems(context, [launch8b, launch70b])).toEqual({ newItems: 0, seen: 2 });
    const tracked = { ...launch8b, url: "HTTPS://AI.META.COM/blog/llama-4-8b?utm_source=reddit&fbclid=abc#comments" };
    expect(await ingestItems(context, [tracked])).toEqual({ newItems: 0, seen: 1 });
    // The same page linked by another feed is another item of the same story: both sources are listed.
    expect(await ingestItems(context, [{ ...tracked, sourceUrl: "https://www.reddit.com/r/LocalLLaMA/.rss", sourceName: "r/LocalLLaMA" }])).toEqual({ newItems: 1, seen: 0 });
    const [story] = (await loadClusters(context, NOW - 30 * DAY)).filter((cluster) => cluster.title === launch8b.title);
    expect(story!.sources).toEqual([launch8b.sourceName, "r/LocalLLaMA"]);
    const stored = await context.flywheel.store.radar.items([itemId(canonicalUrl(launch8b.url), launch8b.sourceUrl)]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.titleVector).toHaveLength(384);
    expect(stored[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("files a syndicated copy and a paraphrase into the story's cluster, and keeps the 8B and 70B launches apart", async () => {
    const context = await radarContext();
    await ingestItems(context, [launch8b, launch70b, syndicated8b, paraphrase8b]);
    const clusters = await loadClusters(context, NOW - 7 * DAY);
    expect(clusters).toHaveLength(2);
    const story8b = clusters.find((cluster) => cluster.title === launch8b.title)!;
    expect(story8b.items.map((entry) => entry.url)).toEqual([launch8b.url, syndicated8b.url, paraphrase8b.url]);
    expect(story8b.sources).toEqual(["Meta News", "AI News Wire", "The Decoder"]);
    expect(story8b.firstSeenAt).toBe(launch8b.publishedAt);
    expect(story8b.lastSeenAt).toBe(paraphrase8b.publishedAt);
    expect(clusters.find((cluster) => cluster.title === launch70b.title)!.items).toHaveLength(1);
  });

  it("keeps two papers on one topic apart, and joins a link to a paper's PDF to its abstract page", async () => {
    const context = await radarContext();
    const abstract = "Speculative decoding speeds up inference. We introduce DraftTree, which drafts a tree of continuations and verifies it in one pass. On MT-Bench it decodes 2.8x faster than autoregressive decoding.";
    await ingestItems(context, [
      item({ url: "http://arxiv.org/abs/2512.11001v1", title: "Speculative Decoding with Draft Trees for Faster LLM Inference", text: abstract }),
      item({ url: "https://arxiv.org/abs/2512.11002", title: "Adaptive Draft Lengths Make Speculative Decoding Robust", text: "Speculative decoding speeds up inference, but a fixed draft length wastes work. AdaDraft learns the draft length per step and reaches a 1.9x speed-up on Spec-Bench without quality loss." }),
    ]);
    expect(await ingestItems(context, [item({ sourceName: "Papers With Code", url: "https://arxiv.org/pdf/2512.11001v2.pdf", title: "Speculative Decoding with Draft Trees (v2)", text: abstract })])).toEqual({ newItems: 0, seen: 1 });
    expect((await loadClusters(context, NOW - 7 * DAY)).map((cluster) => cluster.items.length)).toEqual([1, 1]);
  });

  it("files an item of a later run into the stored cluster of its story, and loads only clusters active since the given time", async () => {
    const context = await radarContext();
    const old = item({ url: "https://old.example/gpt-4-retired", title: "OpenAI retires GPT-4 in ChatGPT on April 30", text: "GPT-4 leaves ChatGPT on April 30, replaced by GPT-4o.", publishedAt: NOW - 20 * DAY });
    await ingestItems(context, [launch8b, old]);
    const [before] = await loadClusters(context, NOW - 7 * DAY);
    expect(await ingestItems({ ...context, now: NOW + DAY }, [paraphrase8b])).toEqual({ newItems: 1, seen: 0 });
    const clusters = await loadClusters(context, NOW - 7 * DAY);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.id).toBe(before!.id);
    expect(clusters[0]!.items.map((entry) => entry.title)).toEqual([launch8b.title, paraphrase8b.title]);
    expect((await loadClusters(context, NOW - 30 * DAY)).map((cluster) => cluster.title)).toEqual([launch8b.title, old.title]);
  });

  it("groups the confirm set of labelled news, fed in runs of 40 items, above 0.95 pairwise precision and 0.90 recall", { timeout: 300_000 }, async () => {
    const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", "radar", "dedup-confirm.json"), "utf8")) as { items: (FeedItem & { group: string })[] };
    const entries = fixture.items;
    const context = await radarContext();
    const latest = Math.max(...entries.map((entry) => entry.publishedAt!));
    for (let start = 0; start < entries.length; start += 40) {
      await ingestItems({ ...context, now: latest + DAY }, entries.slice(start, start + 40).map(({ group: _, ...feedItem }) => feedItem));
    }
    const ids = entries.map((entry) => itemId(canonicalUrl(entry.url), entry.sourceUrl));
    const clusterOf = new Map((await context.flywheel.store.radar.items([...new Set(ids)])).map((stored) => [stored.id, stored.clusterId]));
    let together = 0;
    let same = 0;
    let both = 0;
    for (let a = 0; a < entries.length; a++) {
      for (let b = a + 1; b < entries.length; b++) {
        const predicted = clusterOf.get(ids[a]!) === clusterOf.get(ids[b]!);
        const actual = entries[a]!.group === entries[b]!.group;
        together += Number(predicted);
        same += Number(actual);
        both += Number(predicted && actual);
      }
    }
    expect(both / together).toBeGreaterThanOrEqual(0.95);
    expect(both / same).toBeGreaterThanOrEqual(0.9);
  });
});
