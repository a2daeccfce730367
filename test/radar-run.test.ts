import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Digest } from "../src/radar/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { startFeedServer } from "./support/feed-server/index.js";
import type { FeedServer } from "./support/feed-server/index.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";
import { runCli } from "./support/run-cli.js";

// `flywheel radar run` end to end, as a user runs it: three feeds on the in-repo feed server
// (two of them telling the same three stories in other words), the models on the protocol
// server, the real embedded embedder for titles and topics, one store across two runs.
const folder = temporaryFolder("flywheel-radar-run-");
let feeds: FeedServer;
let server: ProtocolServer;

const pairs = [
  [2, 3],
  [5, 4],
  [7, 1],
  [8, 8],
];

beforeAll(async () => {
  [feeds, server] = await Promise.all([startFeedServer(), startProtocolServer()]);
  // The baseline gets odd first operands wrong, the new model answers every case; asked for a
  // summary, a model restates the first item's title and cites it.
  const answer = (wrongWhenOdd: boolean) => (request: { messages: { role: string; content: string }[] }) => {
    const prompt = request.messages.at(-1)?.content ?? "";
    const title = /^\[1\] (.+)$/m.exec(prompt)?.[1];
    if (title !== undefined) return { text: `${title} [1]. This sentence cites nothing.` };
    const [a, b] = (prompt.match(/\d+/g) ?? []).map(Number);
    return { text: wrongWhenOdd && a! % 2 === 1 ? "I am not sure" : String(a! + b!) };
  };
  server.script("gpt-4o-mini", answer(true));
  server.script("gpt-new", answer(false));
  writeFileSync(
    path.join(folder, "addition.eval.yaml"),
    ["description: addition", 'prompts: ["What is {{a}} plus {{b}}? Answer with the number only."]', "tests:", ...pairs.flatMap(([a, b]) => [`  - vars: { a: ${a}, b: ${b} }`, `    assert: [{ type: equals, value: "${a! + b!}" }]`])].join("\n"),
  );
  writeFileSync(
    path.join(folder, "flywheel.config.yaml"),
    [
      "defaultModel: openai:gpt-4o-mini",
      "models:",
      '  "openai:gpt-new": { price: { input: 0.1, output: 0.4 } }',
      "radar:",
      "  sources:",
      ...["dup-a.xml", "dup-b.xml", "rss.xml"].map((file) => `    - ${feeds.url(`/feeds/${file}`)}`),
      '  allowPrivateAddresses: ["127.0.0.1"]',
      "  fetch: { hostDelayMs: 0 }",
      '  topics: ["price cuts of Claude models"]',
      "  evals: [addition.eval.yaml]",
      "  baselineModel: openai:gpt-4o-mini",
      "  maxCases: 4",
    ].join("\n"),
  );
});

afterAll(async () => {
  await Promise.all([feeds.close(), server.close()]);
});

const env = () => ({ OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "test-openai-key-0001", FLYWHEEL_DB: path.join(folder, "flywheel.db") });
const radar = (args: string[]) => runCli(["radar", ...args], { cwd: folder, env: env(), timeoutMs: 120_000 });
const words = (text: string) => new Set(text.toLowerCase().match(/[a-z0-9.]+/g) ?? []);

describe("flywheel radar run", () => {
  it("prints a digest where a story told by two feeds appears once, ranked with reasons, every sentence cited", async () => {
    const result = await radar(["run", "--since", "5000d", "--format", "json"]);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    const digest = JSON.parse(result.stdout) as Digest;
    expect(digest.failures).toEqual([]);
    for (const story of [/GPT-5\.5/, /Sonnet 4\.5/, /Devstral 2/]) {
      const entries = digest.entries.filter((entry) => entry.citations.some((citation) => story.test(citation.title)) || story.test(entry.title));
      expect(entries, String(story)).toHaveLength(1);
      expect(entries[0]!.sources).toEqual(expect.arrayContaining(["AI Wire", "Model Watchers"]));
    }
    // The declared topic puts the price cut first, and says so.
    expect(digest.entries[0]!.title).toMatch(/Sonnet 4\.5/);
    expect(digest.entries[0]!.reason).toMatch(/price cuts of Claude models/);
    for (const entry of digest.entries) {
      expect(entry.reason.length).toBeGreaterThan(0);
      const sentences = entry.summary.split(/(?<=\])\s+(?=[A-Z])/);
      expect(sentences.length).toBeGreaterThan(0);
      for (const sentence of sentences) {
        const cited = [...sentence.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
        expect(cited.length, sentence).toBeGreaterThan(0);
        expect(sentence).not.toMatch(/cites nothing/);
        for (const n of cited) {
          const citation = entry.citations.find((candidate) => candidate.n === n);
          expect(citation, sentence).toBeDefined();
          // The cited item holds the sentence's words.
          const itemWords = words(citation!.title);
          const shared = [...words(sentence.replace(/\[\d+\]/g, ""))].filter((word) => itemWords.has(word));
          expect(shared.length, sentence).toBeGreaterThan(1);
        }
      }
    }
    // The first run records the model lists; nothing is new yet.
    expect(digest.modelChanges).toEqual([]);
    expect(await radar(["digests"])).toMatchObject({ code: 0, stdout: expect.stringContaining(digest.id.slice(0, 8)) });
  }, 180_000);

  it("detects a model the provider gained, tries it on the suite within budget and prints the recommendation with its interval", async () => {
    server.models.push("gpt-new");
    const before = server.requests.length;
    const result = await radar(["run", "--since", "5000d"]);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    // The feeds answered 304 to the conditional GET.
    expect(result.stderr).toMatch(/not modified/);
    expect(result.stdout).toMatch(/openai:gpt-new/);
    expect(result.stdout).toMatch(/switch|keep|not enough evidence/);
    expect(result.stdout).toMatch(/\[[-+]?\d+(\.\d+)? pp, [-+]?\d+(\.\d+)? pp\]|\[-?\d+(\.\d+)?%?, -?\d+(\.\d+)?%?\]/);
    const chats = (model: string) => server.requests.slice(before).filter((request) => request.path === "/v1/chat/completions" && (request.body as { model?: string }).model === model).length;
    // At most maxCases per model (the summaries are gpt-4o-mini's other requests).
    expect(chats("gpt-new")).toBe(4);
  }, 180_000);

  it("still prints the digest of stored items when every feed fails, names each failure, and exits 1", async () => {
    const other = temporaryFolder("flywheel-radar-failing-");
    writeFileSync(
      path.join(other, "flywheel.config.yaml"),
      ["radar:", "  sources:", `    - ${feeds.url("/status/404")}`, `    - ${feeds.url("/feeds/malformed.xml")}`, '  allowPrivateAddresses: ["127.0.0.1"]', "  watchModels: false", "  fetch: { hostDelayMs: 0, maxRetries: 0 }"].join("\n"),
    );
    const result = await runCli(["radar", "run", "--format", "json"], { cwd: other, env: { FLYWHEEL_DB: path.join(other, "flywheel.db") }, timeoutMs: 60_000 });
    expect(result.code).toBe(1);
    const digest = JSON.parse(result.stdout) as Digest;
    expect(digest.entries).toEqual([]);
    expect(digest.failures.map((failure) => failure.code).sort()).toEqual(["feed-http-error", "feed-malformed"]);
    expect(result.stderr).toMatch(/malformed\.xml/);
  }, 90_000);

  it("says how to add feeds when none are configured", async () => {
    const empty = temporaryFolder("flywheel-radar-empty-");
    writeFileSync(path.join(empty, "flywheel.config.yaml"), "radar:\n  watchModels: false\n");
    const result = await runCli(["radar", "run"], { cwd: empty, env: { FLYWHEEL_DB: path.join(empty, "flywheel.db") }, timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: no feeds to read: list .* under radar\.sources/m);
    expect(result.stdout).toMatch(/0 stories/);
  }, 90_000);

  it("radar watch runs the radar once through the job queue, and refuses a schedule shorter than a second", async () => {
    const project = temporaryFolder("flywheel-radar-watch-cli-");
    writeFileSync(path.join(project, "flywheel.config.yaml"), `radar:\n  sources: [${feeds.url("/feeds/rss.xml")}]\n  allowPrivateAddresses: ["127.0.0.1"]\n  watchModels: false\n  limit: 1\n`);
    const options = { cwd: project, env: { FLYWHEEL_DB: path.join(project, "flywheel.db") }, timeoutMs: 60_000 };
    const once = await runCli(["radar", "watch"], options);
    expect(once.code).toBe(0);
    expect(once.stderr).toMatch(/run 1: job [0-9a-f]{8} queued/);
    const [, entries] = /run 1: digest \S+: (\d+) entries/.exec(once.stdout) ?? [];
    expect(Number(entries)).toBeGreaterThan(0);
    expect(JSON.parse((await runCli(["radar", "digests", "--json"], options)).stdout)).toHaveLength(1);
    const tooOften = await runCli(["radar", "watch", "--every", "0.5s"], options);
    expect(tooOften.code).toBe(2);
    expect(tooOften.stderr).toMatch(/^error: --every must be at least 1s/m);
  }, 120_000);
});
