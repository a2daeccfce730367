// The Radar page in a real browser and its API: digests stored as the radar stores them,
// served by the real server over a temp store with an access token required. Each test
// reads or changes its own entries, so any one of them runs alone (`-t`).
import { existsSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Digest, DigestEntry, ModelWatchResult } from "../../src/radar/radar-types.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { defaultWebRoot, generateApiToken, hashApiToken, startServer } from "../../src/server/index.js";
import type { RunningServer } from "../../src/server/index.js";
import { flywheelAgainst } from "../support/flywheel-fixture.js";
import { startProtocolServer } from "../support/protocol-server/index.js";
import type { ProtocolServer } from "../support/protocol-server/index.js";
import { openBrowser, screenshot } from "./browser.js";
import type { TestBrowser } from "./browser.js";

const token = "radar-test-token-7c2e9b";
const hour = 3_600_000;
let upstream: ProtocolServer;
let flywheel: Flywheel & { folder: string };
let server: RunningServer;
let browser: TestBrowser;
let page: Page;

/** A digest entry whose cluster is `clusterId`, citing two items. */
function entry(clusterId: string, title: string, reason: string, summary = `${title} was announced [1]. Two feeds covered it [1][2].`): DigestEntry {
  return {
    clusterId,
    title,
    score: 0.9,
    reason,
    summary,
    citations: [
      { n: 1, itemId: `${clusterId}-a`, url: `https://news.example/${clusterId}/a`, title: `${title} (announcement)`, source: "Example News" },
      { n: 2, itemId: `${clusterId}-b`, url: `https://blog.example/${clusterId}/b`, title: `${title} (blog)`, source: "Example Blog" },
    ],
    sources: ["Example News", "Example Blog"],
  };
}

// Feed text as an attacker would write it: markup that runs if it is ever parsed as HTML.
const planted = entry(
  "c-planted",
  `Model card <script>window.__radarPlanted = "title"</script>`,
  `you read <img src=x onerror="window.__radarPlanted = 'reason'"> daily`,
  `A <img src=x onerror="window.__radarPlanted = 'summary'"> release [1]. See <script>window.__radarPlanted = "summary"</script> too [2].`,
);
planted.citations[1]!.url = "javascript:window.__radarPlanted = 'link'";

const watch: ModelWatchResult[] = [
  {
    change: { kind: "new-model", model: { modelId: "openai:gpt-5-mini", origin: "openai", inputPerMTok: 0.25, outputPerMTok: 2 } },
    baselineModel: "openai:gpt-4o-mini",
    suites: [
      {
        suite: "evals/support.yaml",
        evalRunId: "run-watch-1",
        cases: 40,
        baseline: { model: "openai:gpt-4o-mini", passRate: { estimate: 0.7, low: 0.55, high: 0.82 }, costPerRequestUsd: 0.0004, latencyMs: 820 },
        candidate: { model: "openai:gpt-5-mini", passRate: { estimate: 0.875, low: 0.74, high: 0.95 }, costPerRequestUsd: 0.0011, latencyMs: 1430 },
        difference: { estimate: 0.175, low: 0.05, high: 0.3, pValue: 0.004, confidence: 0.95 },
      },
    ],
    recommendation: "switch",
    costUsd: 0.06,
  },
  {
    change: { kind: "price-change", model: { modelId: "anthropic:claude-haiku-4-5", origin: "catalog", inputPerMTok: 0.8, outputPerMTok: 4 }, before: { modelId: "anthropic:claude-haiku-4-5", origin: "catalog", inputPerMTok: 1, outputPerMTok: 5 } },
    baselineModel: "openai:gpt-4o-mini",
    suites: [],
    recommendation: "not enough evidence",
    costUsd: 0,
    skipped: "the budget of $0.10 was spent",
  },
];

const latest: Digest = {
  id: "digest-latest",
  createdAt: Date.now() - 60_000,
  since: Date.now() - 25 * hour,
  entries: [
    entry("c-useful", "Claude Haiku 4.5 price cut", "you call anthropic:claude-haiku-4-5 1,204 times a week"),
    entry("c-read", "New long-context retrieval paper", "your collection handbook holds 3,100 chunks on retrieval"),
    planted,
  ],
  modelChanges: watch.map((result) => result.change),
  modelWatch: watch,
  failures: [{ source: "https://feeds.example/broken.xml", code: "feed_malformed", message: "the feed is not well-formed XML", hint: "check the feed in a browser" }],
  stats: { sources: 12, itemsNew: 48, itemsSeen: 310, clusters: 41, elapsedMs: 5200 },
};

const older: Digest = {
  ...latest,
  id: "digest-older",
  createdAt: Date.now() - 24 * hour,
  entries: [entry("c-older", "Yesterday's story", "topic: evals")],
  modelChanges: [],
  modelWatch: [],
  failures: [],
};

beforeAll(async () => {
  if (!existsSync(path.join(defaultWebRoot, "index.html"))) throw new Error("web/dist is not built: run `npm run build` first");
  upstream = await startProtocolServer();
  flywheel = await flywheelAgainst(upstream);
  for (const digest of [older, latest]) await flywheel.store.radar.saveDigest({ id: digest.id, createdAt: digest.createdAt, body: digest });
  server = await startServer({ flywheel, port: 0, accessToken: token });
  browser = await openBrowser();
});

beforeEach(async () => {
  page = await browser.context.newPage();
});

afterEach(async () => {
  await page?.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await flywheel?.close();
  await upstream?.close();
});

async function open(route: string): Promise<void> {
  await page.goto(`${server.url}${route}#token=${token}`);
  await page.getByRole("heading", { name: "Radar", exact: true }).waitFor();
}

const card = (clusterId: string) => page.locator(`.radar-entry[data-cluster="${clusterId}"]`);

/** The API with the workbench token (or `as`), JSON in and out. */
async function api(route: string, init: { method?: string; body?: unknown; as?: string } = {}): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const headers: Record<string, string> = { authorization: `Bearer ${init.as ?? token}` };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.url}${route}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}

describe("Radar page", () => {
  it("shows the latest digest's entries in rank order with reasons and links to the cited items", async () => {
    await open("/radar");
    await card("c-useful").waitFor();
    expect(await page.locator(".radar-entry header strong").allInnerTexts()).toEqual(latest.entries.map((item) => item.title));
    expect(await page.locator(".radar-entry .reason").allInnerTexts()).toEqual(latest.entries.map((item) => item.reason));
    const cites = card("c-useful").locator(".summary a.cite");
    expect(await cites.allInnerTexts()).toEqual(["[1]", "[1]", "[2]"]);
    expect(await cites.evaluateAll((links) => links.map((link) => [link.getAttribute("href"), link.getAttribute("title")]))).toEqual([
      ["https://news.example/c-useful/a", "Claude Haiku 4.5 price cut (announcement) (Example News)"],
      ["https://news.example/c-useful/a", "Claude Haiku 4.5 price cut (announcement) (Example News)"],
      ["https://blog.example/c-useful/b", "Claude Haiku 4.5 price cut (blog) (Example Blog)"],
    ]);
    expect(await card("c-useful").locator(".citations li").allInnerTexts()).toEqual(["Claude Haiku 4.5 price cut (announcement) Example News", "Claude Haiku 4.5 price cut (blog) Example Blog"]);
    expect(await card("c-useful").innerText()).toContain("Sources: Example News, Example Blog");
    expect(await page.locator(".radar-stats").innerText()).toContain("12 sources · 48 new of 310 items · 41 stories ranked");
    expect(await page.locator("table.source-failures").innerText()).toContain("feed_malformed");
    await screenshot(page, "radar");
  });

  it("shows feed text as text: planted markup neither runs nor becomes elements, and a javascript: link is no link", async () => {
    const errors: Error[] = [];
    page.on("pageerror", (error) => errors.push(error));
    await open("/radar");
    await card("c-planted").waitFor();
    // An image that fails now fails after any planted one would have: its onerror has had its turn.
    await page.evaluate(() => new Promise((resolve) => Object.assign(new Image(), { onerror: resolve, onload: resolve, src: `/not-an-image-${Date.now()}` })));
    expect(await card("c-planted").locator("header strong").innerText()).toBe(planted.title);
    expect(await card("c-planted").locator(".reason").innerText()).toBe(planted.reason);
    expect(await card("c-planted").locator(".summary").innerText()).toBe(planted.summary);
    expect(await card("c-planted").locator("script, img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __radarPlanted?: string }).__radarPlanted)).toBeUndefined();
    expect(await card("c-planted").locator("a[href^='javascript']").count()).toBe(0);
    expect(await card("c-planted").locator(".summary a.cite").allInnerTexts()).toEqual(["[1]"]);
    expect(errors.map(String)).toEqual([]);
  });

  it("marks an entry read: it greys out, stays read after a reload, and the unread filter hides it", async () => {
    await open("/radar");
    await card("c-read").getByRole("button", { name: "Mark read" }).click();
    await page.locator('.radar-entry.read[data-cluster="c-read"]').waitFor();
    expect((await flywheel.store.radar.clusterStates(["c-read"]))[0]?.readAt).toBeGreaterThan(latest.createdAt);
    expect(Number(await card("c-read").evaluate((element) => getComputedStyle(element).opacity))).toBeLessThan(1);
    await page.reload();
    await card("c-read").getByRole("button", { name: "Mark unread" }).waitFor();
    expect(await card("c-read").getAttribute("class")).toContain("read");
    await page.getByLabel("Unread only").check();
    await expect.poll(() => card("c-read").count()).toBe(0);
    expect(await card("c-useful").count()).toBe(1);
    await page.getByLabel("Unread only").uncheck();
    await card("c-read").getByRole("button", { name: "Mark unread" }).click();
    await card("c-read").getByRole("button", { name: "Mark read" }).waitFor();
    expect((await flywheel.store.radar.clusterStates(["c-read"]))[0]?.readAt).toBeUndefined();
  });

  it("stores feedback on an entry and shows the stored choice", async () => {
    await open("/radar");
    const useful = card("c-useful").getByRole("button", { name: "Useful" });
    const noise = card("c-useful").getByRole("button", { name: "Noise" });
    await useful.click();
    await expect.poll(() => useful.getAttribute("aria-pressed")).toBe("true");
    expect((await flywheel.store.radar.clusterStates(["c-useful"]))[0]?.feedback).toBe("useful");
    await page.reload();
    await expect.poll(() => useful.getAttribute("aria-pressed")).toBe("true");
    expect(await noise.getAttribute("aria-pressed")).toBe("false");
    await noise.click();
    await expect.poll(() => noise.getAttribute("aria-pressed")).toBe("true");
    expect(await useful.getAttribute("aria-pressed")).toBe("false");
    expect((await flywheel.store.radar.clusterStates(["c-useful"]))[0]?.feedback).toBe("noise");
  });

  it("shows the model changes and the model-watch comparison with intervals, cost, latency and recommendation", async () => {
    await open("/radar");
    const rows = page.locator("table.model-watch tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    const cells = await rows.first().locator("td").allInnerTexts();
    expect(cells.slice(0, 4)).toEqual(["openai:gpt-5-mini new-model", "openai:gpt-4o-mini", "evals/support.yaml", "40"]);
    expect(cells.slice(4)).toEqual([
      "70.0% → 87.5%\n55.0%–82.0% → 74.0%–95.0%",
      "+17.5 pts (+5.0 to +30.0)\np = 0.0040, 95% interval",
      "$0.00040 → $0.0011",
      "820 ms → 1.43 s",
      "switch\nspent $0.0600",
    ]);
    expect(await rows.nth(1).innerText()).toContain("the budget of $0.10 was spent");
    expect(await rows.nth(1).innerText()).toContain("not enough evidence");
    const changes = await page.locator("table.model-changes tbody tr").allInnerTexts();
    expect(changes).toEqual(["new-model\topenai:gpt-5-mini\topenai\t–\t$0.25\t$2", "price-change\tanthropic:claude-haiku-4-5\tcatalog\t–\t$1 → $0.8\t$5 → $4"]);
  });

  it("picks an older digest", async () => {
    await open("/radar");
    await card("c-useful").waitFor();
    await page.getByLabel("Digest").selectOption(older.id);
    await page.waitForURL(/\/radar\/digest-older$/);
    await card("c-older").waitFor();
    expect(await page.locator(".radar-entry").count()).toBe(1);
    expect(await page.locator("table.model-watch").count()).toBe(0);
  });

  it("follows changes another process makes: a new digest in the picker, an entry marked read", async () => {
    const listening = page.waitForResponse((response) => response.url().endsWith("/api/events"));
    await open(`/radar/${older.id}`);
    await card("c-older").waitFor();
    await listening;
    const options = page.getByLabel("Digest").locator("option");
    const before = await options.count();
    // Written as another process would: straight to the store, not through this server.
    const earlier: Digest = { ...older, id: "digest-earlier", createdAt: older.createdAt - hour, entries: [] };
    await flywheel.store.radar.saveDigest({ id: earlier.id, createdAt: earlier.createdAt, body: earlier });
    await expect.poll(() => options.count(), { timeout: 10_000 }).toBe(before + 1);
    await flywheel.store.radar.markRead("c-older", true, Date.now());
    await page.locator('.radar-entry.read[data-cluster="c-older"]').waitFor({ timeout: 10_000 });
    await flywheel.store.radar.markRead("c-older", false, Date.now());
  });
});

describe("/api/radar", () => {
  it("lists digests newest first with their counts", async () => {
    const counted: Digest = { ...older, id: "digest-counted", createdAt: older.createdAt - 3 * hour, entries: ["c-count-1", "c-count-2", "c-count-3"].map((id) => entry(id, id, "topic: evals")) };
    await flywheel.store.radar.saveDigest({ id: counted.id, createdAt: counted.createdAt, body: counted });
    await flywheel.store.radar.markRead("c-count-2", true, Date.now());
    await flywheel.store.radar.setFeedback("c-count-3", "useful", Date.now());
    const { status, body } = await api("/api/radar/digests");
    expect(status).toBe(200);
    const digests = body.digests as { id: string; createdAt: number }[];
    expect(digests.slice(0, 2).map((digest) => digest.id)).toEqual([latest.id, older.id]);
    expect(digests.map((digest) => digest.createdAt)).toEqual(digests.map((digest) => digest.createdAt).sort((a, b) => b - a));
    expect(digests[0]).toMatchObject({ id: latest.id, createdAt: latest.createdAt, since: latest.since, entries: 3, modelChanges: 2, modelWatch: 2, failures: 1 });
    expect(digests.find((digest) => digest.id === counted.id)).toEqual({ id: counted.id, createdAt: counted.createdAt, since: counted.since, entries: 3, unread: 2, modelChanges: 0, modelWatch: 0, failures: 0 });
    expect((await api("/api/radar/digests?limit=1")).body.digests).toHaveLength(1);
  });

  it("answers a digest by id and the latest, with each entry's read state and feedback", async () => {
    await flywheel.store.radar.markRead("c-api", true, 1234);
    await flywheel.store.radar.setFeedback("c-api", "noise", 1235);
    const digest: Digest = { ...older, id: "digest-api", createdAt: older.createdAt - 2 * hour, entries: [entry("c-api", "Read and judged", "topic: rag"), entry("c-api-fresh", "Untouched", "topic: rag")] };
    await flywheel.store.radar.saveDigest({ id: digest.id, createdAt: digest.createdAt, body: digest });
    const { status, body } = await api(`/api/radar/digests/${digest.id}`);
    expect(status).toBe(200);
    expect(body).toEqual({ ...digest, entries: [{ ...digest.entries[0], readAt: 1234, feedback: "noise" }, digest.entries[1]] });
    const newest = await api("/api/radar/digests/latest");
    expect(newest.body.id).toBe(latest.id);
  });

  it("refuses bad input with the error body: unknown digest 404, bad feedback or read value 400, no token 401, read-only token 403", async () => {
    const unknown = await api("/api/radar/digests/no-such-digest");
    expect([unknown.status, unknown.body.error?.code, unknown.body.error?.message]).toEqual([404, "not-found", 'no radar digest "no-such-digest"']);
    const feedback = await api("/api/radar/clusters/c-bad/feedback", { method: "POST", body: { feedback: "meh" } });
    expect([feedback.status, feedback.body.error?.code]).toEqual([400, "invalid-request"]);
    expect(feedback.body.error?.message).toMatch(/^feedback: /);
    const read = await api("/api/radar/clusters/c-bad/read", { method: "POST", body: { read: "yes" } });
    expect([read.status, read.body.error?.code]).toEqual([400, "invalid-request"]);
    const extra = await api("/api/radar/clusters/c-bad/read", { method: "POST", body: { read: true, by: "me" } });
    expect([extra.status, extra.body.error?.message]).toEqual([400, "body: unknown field by"]);
    const long = await api(`/api/radar/clusters/${"x".repeat(201)}/read`, { method: "POST", body: { read: true } });
    expect(long.status).toBe(400);
    const limit = await api("/api/radar/digests?limit=0");
    expect(limit.status).toBe(400);
    const anonymous = await fetch(`${server.url}/api/radar/clusters/c-bad/read`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ read: true }) });
    expect(anonymous.status).toBe(401);
    const viewer = generateApiToken();
    await flywheel.store.tokens.create({ name: "radar-viewer", scope: "read", tokenHash: hashApiToken(viewer) }, Date.now());
    expect((await api("/api/radar/digests", { as: viewer })).status).toBe(200);
    const refused = await api("/api/radar/clusters/c-bad/feedback", { method: "POST", body: { feedback: "useful" }, as: viewer });
    expect([refused.status, refused.body.error?.code]).toEqual([403, "forbidden-scope"]);
    expect(await flywheel.store.radar.clusterStates(["c-bad"])).toEqual([]);
  });

  it("marks read and unread and records feedback, answering the stored state", async () => {
    const read = await api("/api/radar/clusters/c-post/read", { method: "POST", body: { read: true } });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ clusterId: "c-post", readAt: expect.any(Number) as unknown });
    const judged = await api("/api/radar/clusters/c-post/feedback", { method: "POST", body: { feedback: "useful" } });
    expect(judged.body).toEqual({ clusterId: "c-post", readAt: read.body.readAt, feedback: "useful" });
    const unread = await api("/api/radar/clusters/c-post/read", { method: "POST", body: { read: false } });
    expect(unread.body).toEqual({ clusterId: "c-post", feedback: "useful" });
    expect(await flywheel.store.radar.clusterStates(["c-post"])).toEqual([{ clusterId: "c-post", feedback: "useful", feedbackAt: expect.any(Number) as unknown }]);
  });
});
