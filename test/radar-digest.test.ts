import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import type { IncomingMessage } from "node:http";
import { parseAtomFeed } from "feedsmith";
import { afterEach, describe, expect, it } from "vitest";
import { checkCitations, extractiveSummary, renderAtomFeed, renderHtml, renderJson, renderMarkdown, renderTerminal, summariseClusters } from "../src/radar/digest/index.js";
import type { RadarContext, RadarPipeline } from "../src/radar/radar-pipeline.js";
import type { Digest, RadarCluster, RadarItem, RankedCluster } from "../src/radar/radar-types.js";
import { runRadar } from "../src/radar/run-radar.js";
import type { Flywheel } from "../src/runtime/index.js";
import { closedPort } from "./support/closed-port.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

let server: ProtocolServer;
useProtocolServer((started) => (server = started));

const NOW = Date.UTC(2026, 11, 4, 12);
const opened: Flywheel[] = [];
afterEach(async () => {
  for (const flywheel of opened.splice(0)) await flywheel.close();
});

function item(id: string, title: string, text: string, source: string, url = `https://${source}/${id}`): RadarItem {
  return { id, sourceUrl: `https://${source}/feed.xml`, sourceName: source, url, canonicalUrl: url, title, text, publishedAt: NOW - 3_600_000, fetchedAt: NOW, contentHash: `hash-${id}`, clusterId: "" };
}

function ranked(id: string, items: RadarItem[], reason = "matches your topic: open-weights models"): RankedCluster {
  return { id, title: items[0]!.title, items: items.map((entry) => ({ ...entry, clusterId: id })), sources: [...new Set(items.map((entry) => entry.sourceName))], firstSeenAt: NOW, lastSeenAt: NOW, score: 1, reason };
}

const widget = ranked("widget", [
  item("w1", "Acme releases Widget-2", "Acme released Widget-2, an open-weights model with 7B parameters and a 128k context window. It beats Widget-1 on coding benchmarks.", "acme.ai"),
  item("w2", "Widget-2 is out under Apache-2.0", "Widget-2 from Acme ships under the Apache-2.0 licence, with weights on the hub.", "news.example"),
]);
const pricing = ranked("pricing", [item("p1", "Provider cuts Haiku prices", "Anthropic cut the price of claude-haiku-4-5 input tokens by half this week.", "changelog.example")]);

async function openFlywheel(config: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<Flywheel & { folder: string }> {
  const flywheel = await flywheelAgainst(server, { config: { radar: { model: "openai:radar-summary", ...config } }, env });
  opened.push(flywheel);
  return flywheel;
}

function contextFor(flywheel: Flywheel, progress: string[] = []): RadarContext {
  return { flywheel, config: flywheel.config.radar, cwd: flywheel.config.cwd, now: NOW, progress: (message) => progress.push(message) };
}

/** Every sentence ends with citations, and every `[n]` is one of the entry's citations. */
function expectFullyCited(summary: string, citations: number): void {
  const sentences = summary.split(/(?<=\.)\s+/);
  expect(sentences.length).toBeGreaterThan(0);
  for (const sentence of sentences) expect(sentence, sentence).toMatch(/(\[\d+\])+[.!?]$/);
  for (const [, n] of summary.matchAll(/\[(\d+)\]/g)) expect(Number(n)).toBeLessThanOrEqual(citations);
}

describe("citation check", () => {
  const sources = [
    { n: 1, text: "Acme releases Widget-2. Acme released Widget-2, an open-weights model with 7B parameters and a 128k context window." },
    { n: 2, text: "Widget-2 ships under the Apache-2.0 licence." },
  ];

  it("keeps supported sentences, normalising markers placed after the full stop", () => {
    const check = checkCitations("Acme released Widget-2, an open-weights model with 7B parameters. [1] Widget-2 ships under the Apache-2.0 licence [2].", sources);
    expect(check.sentences.map((sentence) => sentence.text)).toEqual([
      "Acme released Widget-2, an open-weights model with 7B parameters [1].",
      "Widget-2 ships under the Apache-2.0 licence [2].",
    ]);
    expect(check.dropped).toEqual([]);
  });

  it("drops uncited sentences, citations of items that do not exist and unsupported ones", () => {
    const check = checkCitations(
      "Widget-2 is the best model ever made. Acme released Widget-2 with a 128k context window [7]. The weather in Paris is sunny and warm today [1]. Widget-2 has 70B parameters [1].",
      sources,
    );
    expect(check.sentences).toEqual([]);
    expect(check.dropped.map((dropped) => dropped.reason)).toEqual(["uncited", "unknown-citation", "unsupported", "unsupported"]);
  });

  it("removes a citation to an item that does not support the sentence and keeps the one that does", () => {
    const check = checkCitations("Widget-2 ships under the Apache-2.0 licence [1][2].", sources);
    expect(check.sentences).toEqual([{ text: "Widget-2 ships under the Apache-2.0 licence [2].", cited: [2] }]);
  });

  it("falls back to the lead sentences of the first items, each cited, the same sentence once", () => {
    const sentences = extractiveSummary([
      { n: 1, title: "Acme releases Widget-2", text: "Acme released Widget-2 today [3]. More follows." },
      { n: 2, title: "Copy", text: "Acme released Widget-2 today." },
      { n: 3, title: "A title only", text: "" },
    ]);
    expect(sentences).toEqual([
      { text: "Acme released Widget-2 today [1].", cited: [1] },
      { text: "A title only [3].", cited: [3] },
    ]);
  });
});

describe("summariseClusters", () => {
  it("repairs a model's wrong citations, falls back when nothing is left or the call fails, and goes on", async () => {
    server.script("radar-summary", (request) => {
      const prompt = request.messages.map((message) => message.content).join("\n");
      if (prompt.includes("Widget-2")) {
        return { text: "Widget-2 is a huge leap for the whole industry. Acme released Widget-2 with a 128k context window [1]. It ships under the Apache-2.0 licence [9]. Bananas are yellow and grow in bunches [2]." };
      }
      if (prompt.includes("Haiku")) return { text: "Nothing here is cited at all." };
      return { error: { status: 400, message: "bad request" } };
    });
    const failing = ranked("failing", [item("f1", "Mystery launch", "Somebody launched something big on Tuesday.", "blog.example")]);
    const flywheel = await openFlywheel();
    const progress: string[] = [];
    const entries = await summariseClusters(contextFor(flywheel, progress), [widget, pricing, failing]);

    expect(entries.map((entry) => entry.clusterId)).toEqual(["widget", "pricing", "failing"]);
    expect(entries[0]!.summary).toBe("Acme released Widget-2 with a 128k context window [1].");
    expect(entries[0]!.citations).toEqual([{ n: 1, itemId: "w1", url: "https://acme.ai/w1", title: "Acme releases Widget-2", source: "acme.ai" }]);
    expect(entries[1]!.summary).toBe("Anthropic cut the price of claude-haiku-4-5 input tokens by half this week [1].");
    expect(entries[2]!.summary).toBe("Somebody launched something big on Tuesday [1].");
    for (const entry of entries) expectFullyCited(entry.summary, entry.citations.length);
    expect(entries[0]!.reason).toBe("matches your topic: open-weights models");
    expect(entries[0]!.sources).toEqual(["acme.ai", "news.example"]);
    expect(progress).toHaveLength(3);
    expect(progress.find((line) => line.includes("Mystery launch"))).toMatch(/extractive, model failed/);
  });

  it("cites every sentence with the embedded default model", { timeout: 180_000 }, async () => {
    const flywheel = await openFlywheel({ model: "local:default" });
    const [entry] = await summariseClusters(contextFor(flywheel), [widget]);
    expectFullyCited(entry!.summary, entry!.citations.length);
    expect(entry!.citations.length).toBeGreaterThan(0);
    for (const citation of entry!.citations) expect(["w1", "w2"]).toContain(citation.itemId);
  });
});

const planted = "<script>alert('radar')</script>";

function digestFixture(id = "digest-1", createdAt = NOW): Digest {
  return {
    id,
    createdAt,
    since: NOW - 7 * 86_400_000,
    entries: [
      {
        clusterId: "widget",
        title: `Widget-2 ${planted}\u001b[2J`,
        score: 1,
        reason: `you call openai:gpt-4o-mini 1,204 times a week ${planted}`,
        summary: `Acme released Widget-2 ${planted} [1]. It ships under Apache-2.0 [2].`,
        citations: [
          { n: 1, itemId: "w1", url: "https://acme.ai/w1", title: `Acme ${planted}`, source: "acme.ai" },
          { n: 2, itemId: "w2", url: "javascript:alert(1)", title: "Widget-2 is out", source: `news ${planted}` },
        ],
        sources: ["acme.ai", `news ${planted}`],
      },
    ],
    modelChanges: [{ kind: "new-model", model: { modelId: "openai:radar-new", origin: "openai", inputPerMTok: 0.15, outputPerMTok: 0.6 } }],
    modelWatch: [
      {
        change: { kind: "new-model", model: { modelId: "openai:radar-new", origin: "openai" } },
        baselineModel: "openai:gpt-4o-mini",
        recommendation: "switch",
        costUsd: 0.0123,
        suites: [
          {
            suite: "evals/support.yaml",
            evalRunId: "run-1",
            cases: 40,
            baseline: { model: "openai:gpt-4o-mini", passRate: { estimate: 0.7, low: 0.55, high: 0.82 }, costPerRequestUsd: 0.0002, latencyMs: 640 },
            candidate: { model: "openai:radar-new", passRate: { estimate: 0.9, low: 0.77, high: 0.96 }, costPerRequestUsd: 0.0001, latencyMs: 410 },
            difference: { estimate: 0.2, low: 0.05, high: 0.35, pValue: 0.012, confidence: 0.95 },
          },
        ],
      },
    ],
    failures: [{ source: "https://down.example/feed.xml", code: "network-refused", message: "the connection was refused" }],
    stats: { sources: 3, itemsNew: 2, itemsSeen: 5, clusters: 1, elapsedMs: 1234 },
  };
}

describe("digest renderers", () => {
  const digest = digestFixture();

  it("HTML is self-contained and a script planted in a feed does not survive", () => {
    const html = renderHtml(digest);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("\u001b");
    expect(html).not.toContain("javascript:");
    expect(html).toContain("&lt;script&gt;alert(&#39;radar&#39;)&lt;/script&gt;");
    expect(html).not.toMatch(/(src|href)="(?!https:\/\/acme\.ai\/w1")/);
    expect(html).toContain(`<a href="https://acme.ai/w1" rel="noopener noreferrer">[1]</a>`);
    expect(html).toContain("switch to openai:radar-new");
    expect(html).toContain("<td>90% [77%, 96%]</td>");
    expect(html).toContain("+20.0 pt [+5.0 pt, +35.0 pt] (p=0.012)");
    expect(html).toContain("https://down.example/feed.xml: the connection was refused (network-refused)");
  });

  it("Markdown escapes feed markup and links citations", () => {
    const markdown = renderMarkdown(digest);
    expect(markdown).not.toMatch(/<script/i);
    expect(markdown).not.toContain("javascript:");
    expect(markdown).toContain("## 1. Widget-2 &lt;script&gt;");
    expect(markdown).toContain("[\\[1\\]](<https://acme.ai/w1>)");
    expect(markdown).toContain("| evals/support.yaml | openai:gpt-4o-mini (baseline) | 70% \\[55%, 82%\\] | $0.00020 | 640 ms |  |");
    expect(markdown).not.toContain("\u001b");
    expect(markdown).toContain("## Failed sources");
  });

  it("terminal output is compact, coloured only when asked, and free of planted escape sequences", () => {
    const plain = renderTerminal(digest, { color: false });
    expect(plain).not.toContain("\u001b");
    expect(plain).toContain("1. Widget-2");
    expect(plain).toContain("   [1] acme.ai: https://acme.ai/w1");
    expect(plain).toContain("Model watch: openai:radar-new vs openai:gpt-4o-mini: switch to openai:radar-new (spent $0.01)");
    expect(plain).toContain("1 source failed");
    const coloured = renderTerminal(digest, { color: true });
    expect(coloured).toContain("\u001b[1m");
    expect(coloured).not.toContain("\u001b[2J");
  });

  it("JSON is the Digest object", () => {
    expect(JSON.parse(renderJson(digest))).toEqual(digest);
  });

  it("the Atom feed parses back with one entry per digest, content escaped", () => {
    const xml = renderAtomFeed([digestFixture("digest-2", NOW + 1000), digest], { now: NOW });
    const feed = parseAtomFeed(xml);
    expect(feed.id).toBe("urn:flywheel:radar");
    expect(feed.entries?.map((entry) => entry.id)).toEqual(["urn:flywheel:radar:digest:digest-2", "urn:flywheel:radar:digest:digest-1"]);
    const content = feed.entries?.[0]?.content?.value ?? "";
    expect(content).toContain("Widget-2 &lt;script&gt;");
    expect(content).not.toMatch(/<script/i);
    expect(xml).not.toMatch(/<script/i);
    expect(feed.entries?.[0]?.summary?.value).toBe("Widget-2 &lt;script&gt;alert(&#39;radar&#39;)&lt;/script&gt; [2J");
  });
});

/** A local webhook receiver that records what it gets and answers `status`. */
async function webhookReceiver(status: number): Promise<{ url: string; received: { headers: IncomingMessage["headers"]; body: unknown }[]; close(): Promise<void> }> {
  const received: { headers: IncomingMessage["headers"]; body: unknown }[] = [];
  const receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ headers: request.headers, body: JSON.parse(body) as unknown });
      response.writeHead(status).end(status === 200 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const address = receiver.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/services/T000/B000/secret-path-token`, received, close: () => new Promise((resolve) => receiver.close(() => resolve())) };
}

/** A pipeline of fixed steps around the real summarise step; `calls` records what each step was given. */
function fixedPipeline(clusters: RadarCluster[], overrides: Partial<RadarPipeline> = {}) {
  const calls: { since?: number; ranked?: number; fetched: number; watchOffline?: boolean } = { fetched: 0 };
  const pipeline: RadarPipeline = {
    fetch: async () => {
      calls.fetched += 1;
      return { items: [], failures: [{ source: "https://down.example/feed.xml", code: "network-refused", message: "refused" }], sources: 2 };
    },
    ingest: async (_context, items) => ({ newItems: items.length, seen: 4 }),
    clusters: async (_context, since) => {
      calls.since = since;
      return clusters;
    },
    rank: async (_context, list) => list.map((cluster, index) => ({ ...cluster, score: list.length - index, reason: `reason ${index + 1}` })),
    summarise: summariseClusters,
    watch: async (_context, { offline }) => {
      calls.watchOffline = offline;
      return { changes: [], results: [], failures: [] };
    },
    ...overrides,
  };
  return { pipeline, calls };
}

describe("runRadar", () => {
  const extractiveOnly = () => server.script("radar-summary", () => ({ text: "No citations here." }));

  it("runs the steps in order, keeps the top `limit`, saves the digest and posts it to the webhook", async () => {
    extractiveOnly();
    const receiver = await webhookReceiver(200);
    try {
      const flywheel = await openFlywheel({ webhook: { url: receiver.url, headers: { authorization: "Bearer ${RADAR_HOOK_TOKEN}" } } }, { RADAR_HOOK_TOKEN: "hook-token-canary-4711" });
      const { pipeline, calls } = fixedPipeline([widget, pricing]);
      const warnings: string[] = [];
      const digest = await runRadar(contextFor(flywheel), { since: 86_400_000, limit: 1, warn: (message) => warnings.push(message) }, pipeline);

      expect(calls).toEqual({ fetched: 1, since: NOW - 86_400_000, watchOffline: false });
      expect(digest.entries.map((entry) => entry.clusterId)).toEqual(["widget"]);
      expect(digest.failures).toEqual([{ source: "https://down.example/feed.xml", code: "network-refused", message: "refused" }]);
      expect(digest.stats).toMatchObject({ sources: 2, itemsNew: 0, itemsSeen: 4, clusters: 2 });
      expect((await flywheel.store.radar.digest(digest.id))?.body).toEqual(digest);
      expect(warnings).toEqual([]);
      expect(receiver.received).toHaveLength(1);
      const [{ headers, body }] = receiver.received as [{ headers: IncomingMessage["headers"]; body: { text: string; blocks: { type: string; text?: { text: string } }[] } }];
      expect(headers.authorization).toBe("Bearer hook-token-canary-4711");
      expect(headers["content-type"]).toBe("application/json");
      expect(body.text).toContain("1. Acme releases Widget-2");
      expect(body.blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "Radar digest 2026-12-04 12:00 UTC" } });
      expect(body.blocks.find((block) => block.type === "section")?.text?.text).toContain("*1. <https://acme.ai/w1|Acme releases Widget-2>*");
    } finally {
      await receiver.close();
    }
  });

  it("offline, fetches nothing and the watch lists no models; the since window comes from config", async () => {
    extractiveOnly();
    const flywheel = await openFlywheel({ since: "2d" });
    const { pipeline, calls } = fixedPipeline([pricing]);
    const digest = await runRadar(contextFor(flywheel), { offline: true }, pipeline);
    expect(calls).toEqual({ fetched: 0, since: NOW - 2 * 86_400_000, watchOffline: true });
    expect(digest.failures).toEqual([]);
    expect(digest.since).toBe(NOW - 2 * 86_400_000);
  });

  it("a failing or unreachable webhook is one warning, never fails the run or loses the digest, and leaks neither URL nor token", async () => {
    extractiveOnly();
    const receiver = await webhookReceiver(500);
    const unreachable = `http://127.0.0.1:${await closedPort()}/hook/secret-path-token`;
    try {
      for (const [url, expected] of [
        [receiver.url, /^the digest was saved, but webhook at 127\.0\.0\.1:\d+ answered HTTP 500$/],
        [unreachable, /^the digest was saved, but webhook at 127\.0\.0\.1:\d+ could not be reached: the connection failed$/],
      ] as const) {
        const flywheel = await openFlywheel({ webhook: { url, headers: { "x-token": "${RADAR_HOOK_TOKEN}" } } }, { RADAR_HOOK_TOKEN: "hook-token-canary-4711" });
        const warnings: string[] = [];
        const digest = await runRadar(contextFor(flywheel), { offline: true, warn: (message) => warnings.push(message) }, fixedPipeline([pricing]).pipeline);
        expect(await flywheel.store.radar.digest(digest.id)).toBeDefined();
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(expected);
        expect(warnings[0]).not.toContain("secret-path-token");
        expect(warnings[0]).not.toContain("hook-token-canary-4711");
      }
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.headers["x-token"]).toBe("hook-token-canary-4711");
    } finally {
      await receiver.close();
    }
  });

  it("a header reading an unset variable is reported by name, and nothing is sent", async () => {
    extractiveOnly();
    const receiver = await webhookReceiver(200);
    try {
      const flywheel = await openFlywheel({ webhook: { url: receiver.url, headers: { authorization: "Bearer ${RADAR_UNSET_TOKEN}" } } });
      const warnings: string[] = [];
      await runRadar(contextFor(flywheel), { offline: true, warn: (message) => warnings.push(message) }, fixedPipeline([pricing]).pipeline);
      expect(warnings).toEqual(['the digest was saved, but webhook header "authorization" reads ${RADAR_UNSET_TOKEN}, which is not set']);
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});

describe("flywheel radar (CLI)", () => {
  /** A project folder whose store holds two digests, and the environment to run the CLI in it. */
  async function seeded(): Promise<{ cwd: string; env: Record<string, string> }> {
    const flywheel = await openFlywheel();
    await flywheel.store.radar.saveDigest({ id: "1f2e3d4c-0000-4000-8000-000000000001", createdAt: NOW, body: digestFixture("1f2e3d4c-0000-4000-8000-000000000001", NOW) });
    await flywheel.store.radar.saveDigest({ id: "9a8b7c6d-0000-4000-8000-000000000002", createdAt: NOW + 60_000, body: { ...digestFixture("9a8b7c6d-0000-4000-8000-000000000002", NOW + 60_000), entries: [] } });
    return { cwd: flywheel.folder, env: { FLYWHEEL_HOME: path.join(flywheel.folder, "home"), NO_COLOR: "1" } };
  }

  it("lists digests, shows one by id prefix in any format, and prints the Atom feed", async () => {
    const { cwd, env } = await seeded();
    const listed = await runCli(["radar", "digests"], { cwd, env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout.split("\n")[0]).toMatch(/^digest\s+time\s+stories\s+model changes\s+failed sources\s+top story$/);
    expect(listed.stdout.indexOf("9a8b7c6d")).toBeLessThan(listed.stdout.indexOf("1f2e3d4c"));

    const shown = await runCli(["radar", "show", "1f2e3d4c"], { cwd, env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain("1. Widget-2 <script>");
    expect(shown.stdout).not.toContain("\u001b");

    const markdown = await runCli(["radar", "show", "1f2e3d4c-0000-4000-8000-000000000001", "--format", "markdown"], { cwd, env });
    expect(markdown.stdout).toContain("## 1. Widget-2 &lt;script&gt;");
    const written = await runCli(["radar", "show", "1f2e3d4c", "-o", "out/digest.html"], { cwd, env });
    expect(written.stderr).toContain("wrote the digest to out/digest.html");
    expect(readFileSync(path.join(cwd, "out", "digest.html"), "utf8")).toMatch(/^<!doctype html>[^]*&lt;script&gt;/);

    const feed = await runCli(["radar", "feed"], { cwd, env });
    expect(feed.code, feed.stderr).toBe(0);
    expect(parseAtomFeed(feed.stdout).entries?.map((entry) => entry.id)).toEqual([
      "urn:flywheel:radar:digest:9a8b7c6d-0000-4000-8000-000000000002",
      "urn:flywheel:radar:digest:1f2e3d4c-0000-4000-8000-000000000001",
    ]);
  });

  it("an unknown digest is exit 1 with a hint, an unknown format exit 2", async () => {
    const { cwd, env } = await seeded();
    const missing = await runCli(["radar", "show", "ffffffff"], { cwd, env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: no digest "ffffffff"\nhint: run `flywheel radar digests` to list them\n');
    const format = await runCli(["radar", "show", "1f2e3d4c", "--format", "pdf"], { cwd, env });
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/^error: option '--format <format>' argument 'pdf' is invalid/);
  });

  it("runs offline on an empty project, prints the digest as JSON and stores it", async () => {
    const cwd = temporaryFolder();
    writeFileSync(path.join(cwd, "flywheel.config.yaml"), "radar:\n  model: openai:radar-summary\n");
    const env = { FLYWHEEL_HOME: path.join(cwd, "home"), OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "test-openai-key-0001" };
    const run = await runCli(["radar", "run", "--offline", "--since", "1d", "--format", "json"], { cwd, env, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(0);
    const digest = JSON.parse(run.stdout) as Digest;
    expect(digest.failures).toEqual([]);
    expect(digest.stats.sources).toBe(0);
    expect(digest.createdAt - digest.since).toBe(86_400_000);
    const listed = await runCli(["radar", "digests", "--json"], { cwd, env });
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((entry) => entry.id)).toEqual([digest.id]);
  }, 150_000);
});
