import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { z } from "zod";
import { loadConfig, radarConfigSchema } from "../src/config/index.js";
import { fetchFeeds } from "../src/radar/fetch/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { startFeedServer } from "./support/feed-server/index.js";
import type { FeedServer } from "./support/feed-server/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";

const NOW = Date.UTC(2026, 11, 4, 12);
let server: FeedServer;
let other: FeedServer;
let flywheel: Flywheel;
let folder: string;

beforeAll(async () => {
  [server, other] = await Promise.all([startFeedServer(), startFeedServer()]);
});
afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
});
beforeEach(async () => {
  server.reset();
  other.reset();
  folder = temporaryFolder();
  flywheel = await createFlywheel({ config: await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: path.join(folder, "home") } }) });
});
afterEach(async () => {
  await flywheel.close();
});


/** One fetch step over `radar` config; the feed server is on loopback, allowed unless the test says otherwise. */
async function fetchWith(radar: z.input<typeof radarConfigSchema>) {
  const config = radarConfigSchema.parse({ allowPrivateAddresses: ["127.0.0.1"], ...radar, fetch: { hostDelayMs: 0, ...radar.fetch } });
  const progress: string[] = [];
  const result = await fetchFeeds({ flywheel, config, cwd: folder, now: NOW, progress: (line) => progress.push(line) });
  return { ...result, progress };
}

const feed = (name: string) => server.url(`/feeds/${name}`);

describe("radar fetch", () => {
  it("parses RSS 2.0, Atom, RDF and JSON Feed: titles, absolute links, dates and plain text", async () => {
    const sources = [feed("rss.xml"), feed("atom.xml"), { url: feed("rdf.xml"), name: "Embeddings" }, feed("feed.json")];
    const { items, failures, sources: count, progress } = await fetchWith({ sources });
    expect(failures).toEqual([]);
    expect(count).toBe(4);
    expect(items).toHaveLength(9);
    expect(items[0]).toEqual({
      sourceUrl: feed("rss.xml"),
      sourceName: "Model Release Notes",
      url: server.url("/notes/claude-haiku-4-6"),
      title: "Claude Haiku 4.6 is available in the API",
      text: "The new Haiku model is faster and cheaper: $0.80 per million input tokens. Context window: 200k tokens.",
      publishedAt: Date.parse("2026-12-01T09:30:00Z"),
      guid: "release-2026-12-01-haiku",
    });
    const byTitle = new Map(items.map((item) => [item.title, item]));
    // RSS: entities decoded, content:encoded read as text, dc:date, a permalink guid as the link, a zone offset.
    expect(byTitle.get("Batch API & prompt caching now stack")).toMatchObject({ text: "Cheaper batches Cached reads cost 10% Batches cost 50%", publishedAt: Date.parse("2026-11-28T16:00:00Z") });
    expect(byTitle.get("Deprecation schedule for legacy completions")).toMatchObject({ url: "https://releases.example.com/notes/legacy-deprecation", publishedAt: Date.parse("2026-11-23T11:00:00Z") });
    // Atom: an HTML title reduced to text, the alternate link resolved against the feed URL, published before updated.
    expect(byTitle.get("Speculative decoding without a draft model")).toMatchObject({
      sourceName: "arXiv cs.CL picks",
      url: server.url("/feeds/abs/2612.00042"),
      text: "We show that a model can draft its own tokens, cutting latency by 2.1x.",
      publishedAt: Date.parse("2026-12-02T05:00:00Z"),
      guid: "urn:arxiv:2612.00042",
    });
    expect(byTitle.get("Long-context retrieval benchmarks saturate at 128k")).toMatchObject({ text: "Needle tests no longer separate frontier models.", publishedAt: Date.parse("2026-12-01T18:00:00Z") });
    // RDF, with a configured name in place of the feed's title.
    expect(byTitle.get("BGE-M4 tops the retrieval leaderboard")).toMatchObject({ sourceName: "Embeddings", url: "https://lists.example.net/2026/48/bge-m4", publishedAt: Date.parse("2026-11-30T08:00:00Z") });
    // JSON Feed: content_html as text, a relative url resolved, the summary preferred, date_modified as a fallback.
    expect(byTitle.get("Qwen 4 Coder released under Apache-2.0")).toMatchObject({ url: server.url("/posts/qwen-4-coder"), text: "Weights for 7B and 32B, with benchmarks.", sourceName: "Open Weights Digest" });
    expect(byTitle.get("llama.cpp b9000 adds speculative decoding on CPU")).toMatchObject({ text: "Up to 1.8x faster generation on laptops.", publishedAt: Date.parse("2026-12-02T20:00:00Z") });
    expect(progress).toEqual([`fetched ${feed("rss.xml")}: 3 items`, `fetched ${feed("atom.xml")}: 2 items`, `fetched ${feed("rdf.xml")}: 2 items`, `fetched ${feed("feed.json")}: 2 items`]);
    expect(await flywheel.store.radar.sourceState(feed("atom.xml"))).toMatchObject({ status: 200, itemCount: 2, fetchedAt: NOW, lastModified: "Tue, 01 Dec 2026 08:00:00 GMT", etag: expect.stringMatching(/^"[0-9a-f]{16}"$/) });
  });

  it("sends the stored validators and yields no items on 304, keeping the state", async () => {
    const first = await fetchWith({ sources: [feed("rss.xml")] });
    expect(first.items).toHaveLength(3);
    const saved = await flywheel.store.radar.sourceState(feed("rss.xml"));
    expect(server.requests[0]?.headers["if-none-match"]).toBeUndefined();

    const second = await fetchWith({ sources: [feed("rss.xml")] });
    expect(second.items).toEqual([]);
    expect(second.failures).toEqual([]);
    expect(second.progress).toEqual([`not modified ${feed("rss.xml")}`]);
    expect(server.requests[1]).toMatchObject({ status: 304, headers: { "if-none-match": saved?.etag, "if-modified-since": "Tue, 01 Dec 2026 08:00:00 GMT" } });
    expect(await flywheel.store.radar.sourceState(feed("rss.xml"))).toEqual({ ...saved, status: 304 });

    // Last-Modified alone is enough.
    await flywheel.store.radar.saveSourceState({ url: feed("atom.xml"), lastModified: "Wed, 02 Dec 2026 00:00:00 GMT", fetchedAt: 1, status: 200, itemCount: 2 });
    expect((await fetchWith({ sources: [feed("atom.xml")] })).items).toEqual([]);
    expect(server.requestsTo("/feeds/atom.xml")[0]).toMatchObject({ status: 304, headers: { "if-modified-since": "Wed, 02 Dec 2026 00:00:00 GMT" } });
  });

  it("decodes gzip, deflate and br bodies", async () => {
    const sources = ["gzip", "deflate", "br"].map((encoding) => server.url(`/feeds/atom.xml?encoding=${encoding}`));
    const { items, failures } = await fetchWith({ sources });
    expect(failures).toEqual([]);
    expect(items.map((item) => item.title)).toEqual(Array.from({ length: 3 }, () => ["Speculative decoding without a draft model", "Long-context retrieval benchmarks saturate at 128k"]).flat());
    expect(server.requests.map((request) => request.headers["accept-encoding"])).toEqual(Array.from({ length: 3 }, () => "gzip, deflate, br"));
  });

  it("refuses a 50 MB feed, and a gzip body that decodes to 50 MB, as too large without reading them whole", async () => {
    const started = performance.now();
    const { items, failures, progress } = await fetchWith({ sources: [server.url("/huge.xml?mb=50"), server.url("/bomb.xml?mb=50"), feed("rss.xml")], fetch: { maxBytes: 2 * 1024 * 1024 } });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(failures).toEqual([
      { source: server.url("/huge.xml?mb=50"), code: "feed-too-large", message: "larger than radar.fetch.maxBytes (2097152 bytes); not read", hint: expect.stringContaining("raise radar.fetch.maxBytes") },
      { source: server.url("/bomb.xml?mb=50"), code: "feed-too-large", message: "larger than radar.fetch.maxBytes (2097152 bytes); not read", hint: expect.stringContaining("raise radar.fetch.maxBytes") },
    ]);
    expect(items).toHaveLength(3);
    expect(progress[0]).toBe(`failed ${server.url("/huge.xml?mb=50")}: larger than radar.fetch.maxBytes (2097152 bytes); not read`);
    // The server stops when the client goes away: far less than the 50 MB it would send.
    for (const request of server.requests.slice(0, 2)) expect(request.bytesSent).toBeLessThan(20 * 1024 * 1024);
  });

  it("reports a malformed feed, a page that is not a feed and a 404, and still reads the other sources", async () => {
    const sources = [feed("malformed.xml"), feed("not-a-feed.html"), server.url("/status/404"), feed("rdf.xml")];
    const { items, failures, progress } = await fetchWith({ sources });
    expect(failures.map(({ source, code }) => ({ source, code }))).toEqual([
      { source: feed("malformed.xml"), code: "feed-malformed" },
      { source: feed("not-a-feed.html"), code: "feed-not-a-feed" },
      { source: server.url("/status/404"), code: "feed-http-error" },
    ]);
    expect(failures[1]).toMatchObject({ message: "not an RSS, Atom, RDF or JSON feed", hint: expect.stringContaining("radar.sources") });
    expect(failures[2]?.message).toBe("HTTP 404");
    expect(server.requestsTo("/status/404")).toHaveLength(1);
    expect(items.map((item) => item.title)).toEqual(["BGE-M4 tops the retrieval leaderboard", "MiniLM in 4 bits"]);
    expect(progress[0]).toMatch(new RegExp(`^failed ${feed("malformed.xml")}: malformed feed`));
    expect(await flywheel.store.radar.sourceState(feed("malformed.xml"))).toMatchObject({ status: 200, error: expect.stringContaining("malformed feed"), itemCount: 0 });
    expect(await flywheel.store.radar.sourceState(server.url("/status/404"))).toMatchObject({ status: 404, error: "HTTP 404" });
  });

  it("refuses a redirect to a metadata or private address, and loopback itself unless allowed", async () => {
    const metadata = server.url(`/redirect?to=${encodeURIComponent("http://169.254.169.254/latest/meta-data/")}`);
    const privateHop = server.url(`/redirect?to=${encodeURIComponent("http://10.0.0.1/feed.xml")}`);
    const { failures } = await fetchWith({ sources: [metadata, privateHop] });
    expect(failures).toEqual([
      { source: metadata, code: "network-refused", message: expect.stringContaining("resolves to 169.254.169.254, a link-local or cloud metadata address"), hint: expect.stringContaining("radar.allowPrivateAddresses") },
      { source: privateHop, code: "network-refused", message: expect.stringContaining("resolves to 10.0.0.1, a private or loopback address"), hint: expect.stringContaining("radar.allowHosts") },
    ]);
    expect(server.requests.map((request) => request.path.split("?")[0])).toEqual(["/redirect", "/redirect"]);

    server.reset();
    const refused = await fetchWith({ sources: [feed("rss.xml")], allowPrivateAddresses: [] });
    expect(refused.failures).toEqual([{ source: feed("rss.xml"), code: "network-refused", message: expect.stringContaining("resolves to 127.0.0.1, a private or loopback address"), hint: expect.any(String) }]);
    expect(server.requests).toEqual([]);
    const offList = await fetchWith({ sources: [feed("rss.xml")], allowHosts: ["feeds.example.com"] });
    expect(offList.failures[0]?.message).toContain('host "127.0.0.1" is not on the allow-list');
    expect(server.requests).toEqual([]);
  });

  it("retries a 429 after its Retry-After, then reads the feed", async () => {
    const url = server.url("/flaky.xml?failures=1&retry-after=1");
    const { items, failures } = await fetchWith({ sources: [url] });
    expect(failures).toEqual([]);
    expect(items).toHaveLength(3);
    const [refused, served] = server.requests;
    expect([refused?.status, served?.status]).toEqual([429, 200]);
    expect((served?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("gives up on a 5xx after fetch.maxRetries retries, and never retries a 4xx", async () => {
    const { failures } = await fetchWith({ sources: [server.url("/status/503"), other.url("/status/403")], fetch: { maxRetries: 1 } });
    expect(failures).toEqual([
      { source: server.url("/status/503"), code: "feed-http-error", message: "HTTP 503 after 1 retry", hint: expect.any(String) },
      { source: other.url("/status/403"), code: "feed-http-error", message: "HTTP 403", hint: expect.any(String) },
    ]);
    expect(server.requestsTo("/status/503")).toHaveLength(2);
    expect(other.requestsTo("/status/403")).toHaveLength(1);
    expect(await flywheel.store.radar.sourceState(server.url("/status/503"))).toMatchObject({ status: 503 });
  });

  it("spaces requests to one host by fetch.hostDelayMs and reads other hosts meanwhile", async () => {
    const sources = [feed("rss.xml"), feed("atom.xml"), feed("rdf.xml"), other.url("/feeds/feed.json")];
    const { items } = await fetchWith({ sources, fetch: { hostDelayMs: 300 } });
    expect(items).toHaveLength(9);
    const times = server.requests.map((request) => request.at);
    expect(times).toHaveLength(3);
    for (let index = 1; index < times.length; index += 1) expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(295);
    // The other host did not wait behind the first one's delays.
    expect(other.requests[0]?.at).toBeLessThan(times[1] ?? 0);
  });

  it("reduces hostile HTML to inert text and leaves out links that are not http(s)", async () => {
    const { items, failures } = await fetchWith({ sources: [feed("script.xml")] });
    expect(failures).toEqual([]);
    expect(items).toEqual([
      {
        sourceUrl: feed("script.xml"),
        sourceName: "Hostile Feed",
        url: "https://hostile.example.com/posts/1",
        title: "Totally normal release",
        text: "Read this now.click",
        publishedAt: Date.parse("2026-12-02T12:00:00Z"),
      },
    ]);
    expect(JSON.stringify(items.map(({ title, text, sourceName }) => ({ title, text, sourceName })))).not.toMatch(/script|onerror|onclick|alert|javascript|<|>/i);
  });

  it("times out a feed that stops answering", async () => {
    const { failures } = await fetchWith({ sources: [server.url("/slow.xml"), feed("rss.xml")], fetch: { timeoutMs: 300 } });
    expect(failures).toEqual([{ source: server.url("/slow.xml"), code: "timeout", message: expect.stringContaining("300"), hint: expect.stringContaining("radar.fetch.timeoutMs") }]);
  });

  it("reads many generated feeds", async () => {
    const sources = Array.from({ length: 20 }, (_, index) => server.url(`/gen/${index}.xml?items=50`));
    const { items, failures } = await fetchWith({ sources });
    expect(failures).toEqual([]);
    expect(items).toHaveLength(1000);
    expect(new Set(items.map((item) => item.url)).size).toBe(1000);
    expect(items[0]?.title).toMatch(/\w+ \w+/);
  });
});
