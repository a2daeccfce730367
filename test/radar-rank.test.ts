import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { rankClusters, buildInterestProfile, ndcgAt, scoreClusters } from "../src/radar/rank/index.js";
import type { RadarContext } from "../src/radar/radar-pipeline.js";
import type { RadarCluster, RadarItem } from "../src/radar/radar-types.js";
import { ingest } from "../src/rag/index.js";
import { createFlywheel } from "../src/runtime/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { temporaryFolder } from "./support/flywheel-fixture.js";
import { localProviderHandle } from "./support/local-provider-handle.js";
import { readRelevanceFixture } from "./support/relevance-fixture.js";
import { runCli } from "./support/run-cli.js";
import { runTrace } from "./support/span-factory.js";

const DAY = 24 * 60 * 60 * 1000;
const now = Date.now();
let folder: string;
let flywheel: Flywheel;

/** Writes a small project: a prompt file, one ignored by .gitignore, an eval suite and a help-center folder to ingest. */
function writeProject(): void {
  mkdirSync(path.join(folder, "prompts"));
  writeFileSync(
    path.join(folder, "prompts", "triage-ticket.prompt.md"),
    "---\nmodel: openai:gpt-4o-mini\ndescription: Sort support tickets by priority\n---\nTriage this customer ticket for refund or escalation: {{ticket}}\n",
  );
  mkdirSync(path.join(folder, "scratch"));
  writeFileSync(path.join(folder, ".gitignore"), "scratch/\n");
  writeFileSync(path.join(folder, "scratch", "draft.prompt.md"), "---\nmodel: google:gemini-2.5-pro\n---\nUnused draft\n");
  mkdirSync(path.join(folder, "evals"));
  writeFileSync(
    path.join(folder, "evals", "triage.eval.yaml"),
    "description: Ticket triage classification accuracy\nproviders:\n  - anthropic:messages:claude-sonnet-4-5\n  - id: openai:gpt-4o-mini\nprompts:\n  - 'Classify the ticket: {{ticket}}'\ntests: []\n",
  );
  mkdirSync(path.join(folder, "docs"));
  const articles = ["invoice", "subscription billing", "password reset", "refund policy"].map(
    (topic) => `# ${topic}\n\nThis help center article explains ${topic} for your account. Billing questions about an invoice or a subscription refund go to the billing team.`,
  );
  articles.forEach((text, index) => writeFileSync(path.join(folder, "docs", `article-${index}.md`), text));
}

function context(topics: string[] = []): RadarContext {
  return { flywheel, config: { ...flywheel.config.radar, topics }, cwd: folder, now, progress: () => {} };
}

/** Stores one item per title (each its own cluster unless `clusterId` is given) and returns the clusters. */
async function storeClusters(stories: { id: string; title: string; text: string; sources?: string[]; ageDays?: number }[]): Promise<RadarCluster[]> {
  const clusters = stories.map((story): RadarCluster => {
    const at = now - (story.ageDays ?? 1) * DAY;
    const items = (story.sources ?? ["Some Blog"]).map(
      (source, index): RadarItem => ({
        id: `${story.id}-item-${index}`,
        sourceUrl: `https://feeds.example/${index}`,
        sourceName: source,
        url: `https://news.example/${story.id}/${index}`,
        canonicalUrl: `https://news.example/${story.id}/${index}`,
        title: story.title,
        text: story.text,
        publishedAt: at,
        fetchedAt: at,
        contentHash: `${story.id}-${index}`,
        clusterId: story.id,
      }),
    );
    return { id: story.id, title: story.title, items, sources: items.map((item) => item.sourceName), firstSeenAt: at, lastSeenAt: at };
  });
  await flywheel.store.radar.addItems(clusters.flatMap((cluster) => cluster.items));
  return clusters;
}

beforeAll(async () => {
  folder = temporaryFolder("flywheel-radar-rank-");
  writeProject();
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: path.join(folder, "home") }, overrides: { traces: { enabled: false } } });
  flywheel = await createFlywheel({ config, providers: { local: localProviderHandle() } });
  const recent = Array.from({ length: 12 }, (_, index) => runTrace({ model: "anthropic:claude-haiku-4-5", startTime: now - (index + 1) * 3_600_000, input: `ticket ${index}`, inputTokens: 50, outputTokens: 5, costUsd: 0.0001 }));
  const old = runTrace({ model: "anthropic:claude-haiku-4-5", startTime: now - 10 * DAY, input: "old ticket", inputTokens: 50, outputTokens: 5, costUsd: 0.0001 });
  await flywheel.store.traces.writeSpans([...recent.flat(), ...old]);
  await ingest(flywheel, { collection: "help-center", inputs: [path.join(folder, "docs")], embeddingModel: "local:embed" });
}, 120_000);

afterAll(async () => {
  await flywheel.close();
});

describe("the interest profile", () => {
  it("holds the traced model with its weekly calls, the prompt's and suite's models, and the collection's terms, and skips ignored files", async () => {
    const profile = await buildInterestProfile(context(["retrieval-augmented generation"]));
    const labels = profile.entries.map((entry) => entry.label);
    expect(labels).toContain("you call anthropic:claude-haiku-4-5 12 times a week");
    expect(labels).toContain("your prompt triage-ticket runs on openai:gpt-4o-mini");
    expect(labels).toContain("your eval suite evals/triage.eval.yaml tests anthropic:claude-sonnet-4-5");
    expect(labels).toContain('your topic "retrieval-augmented generation"');
    expect(labels.some((label) => label.includes("gemini"))).toBe(false);
    const collection = profile.entries.find((entry) => entry.kind === "collection")!;
    expect(collection.label).toBe("your collection help-center");
    expect(collection.terms).toEqual(expect.arrayContaining(["billing", "invoice"]));
    const prompt = profile.entries.find((entry) => entry.kind === "prompt")!;
    expect(prompt.terms).toEqual(expect.arrayContaining(["ticket", "refund"]));
  });
});

describe("ranking", () => {
  it("ranks news of a declared topic and of a traced model (named as news writes it) above unrelated news, with reasons naming them", async () => {
    const clusters = await storeClusters([
      { id: "rank-robots-000001", title: "Humanoid robot folds laundry in new demo", text: "The company plans home trials.", sources: ["A", "B", "C"], ageDays: 0.1 },
      { id: "rank-haiku-000001", title: "Anthropic cuts Claude Haiku 4.5 prices for batch requests", text: "Input tokens cost a third less.", ageDays: 5 },
      { id: "rank-rag-000001", title: "Chunk size matters in retrieval-augmented generation pipelines", text: "A study of six question answering sets.", ageDays: 3 },
      { id: "rank-chips-000001", title: "Chipmaker's revenue beats expectations", text: "Shares rose.", ageDays: 0.5 },
    ]);
    const ranked = await rankClusters(context(["retrieval-augmented generation"]), clusters);
    expect(ranked[0]!.id).toBe("rank-rag-000001");
    expect(ranked[0]!.reason).toBe('your topic "retrieval-augmented generation"');
    expect(ranked[1]!.id).toBe("rank-haiku-000001");
    expect(ranked[1]!.reason).toBe("you call anthropic:claude-haiku-4-5 12 times a week");
    expect(ranked.map((cluster) => cluster.id).slice(2).sort()).toEqual(["rank-chips-000001", "rank-robots-000001"]);
  });

  it("beats recency order on the confirm set (nDCG@10), with weights chosen on the tune set", () => {
    const set = readRelevanceFixture("confirm");
    const grades = (clusters: readonly RadarCluster[]) => clusters.map((cluster) => set.grades.get(cluster.id)!);
    const ranked = scoreClusters({ profile: set.profile, clusters: set.clusters, now: set.now });
    const recency = [...set.clusters].sort((a, b) => b.lastSeenAt - a.lastSeenAt);
    const profileNdcg = ndcgAt(10, grades(ranked));
    expect(profileNdcg).toBeGreaterThan(ndcgAt(10, grades(recency)) + 0.1);
    expect(profileNdcg).toBeGreaterThan(0.8);
  });
});

describe("feedback", () => {
  it("sends a cluster marked noise to the bottom and lifts clusters like one marked useful", async () => {
    const clusters = await storeClusters([
      { id: "feedback-haiku-0001", title: "Claude Haiku 4.5 outage resolved", text: "Elevated errors for two hours.", ageDays: 1 },
      { id: "feedback-vector-001", title: "Vector database benchmark: pgvector and LanceDB under load", text: "Latency and recall at ten million vectors.", ageDays: 1 },
      { id: "feedback-vector-002", title: "New vector database release speeds up HNSW index builds", text: "Faster recall tuning for vector search.", ageDays: 1 },
      { id: "feedback-video-0001", title: "Text-to-video model makes one-minute clips", text: "Consistent characters across scenes.", ageDays: 1 },
    ]);
    const before = await rankClusters(context(), clusters);
    expect(before[0]!.id).toBe("feedback-haiku-0001");
    await flywheel.store.radar.setFeedback("feedback-haiku-0001", "noise", now);
    await flywheel.store.radar.setFeedback("feedback-vector-001", "useful", now);
    const after = await rankClusters(context(), clusters);
    expect(after.at(-1)).toMatchObject({ id: "feedback-haiku-0001", reason: "you marked it noise" });
    const score = (ranking: typeof before, id: string) => ranking.find((cluster) => cluster.id === id)!.score;
    expect(score(after, "feedback-vector-002")).toBeGreaterThan(score(before, "feedback-vector-002"));
    expect(after.find((cluster) => cluster.id === "feedback-vector-002")!.reason).toBe("like a story you marked useful");
    expect(score(after, "feedback-video-0001")).toBe(score(before, "feedback-video-0001"));
    expect(after.findIndex((cluster) => cluster.id === "feedback-vector-002")).toBeLessThan(after.findIndex((cluster) => cluster.id === "feedback-video-0001"));
  });
});

describe("flywheel radar feedback", () => {
  const cli = (args: string[]) => runCli(["radar", "feedback", ...args], { cwd: folder, env: { FLYWHEEL_HOME: path.join(folder, "home"), NO_COLOR: "1" } });

  it("records a verdict on a cluster named by a unique prefix", async () => {
    await storeClusters([{ id: "clitest-useful-42", title: "A story", text: "Text." }]);
    const result = await cli(["clitest-use", "useful"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("marked cluster clitest-useful-42 useful");
    const [state] = await flywheel.store.radar.clusterStates(["clitest-useful-42"]);
    expect(state?.feedback).toBe("useful");
  });

  it("refuses an unknown id, an ambiguous prefix and a bad verdict with one-line errors", async () => {
    await storeClusters([{ id: "clitest-twin-a", title: "Twin A", text: "Text." }, { id: "clitest-twin-b", title: "Twin B", text: "Text." }]);
    const unknown = await cli(["nosuchcluster", "noise"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error: no radar cluster "nosuchcluster"\nhint: copy the id from `flywheel radar run` or its JSON output\n');
    const ambiguous = await cli(["clitest-twin", "noise"]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('error: cluster id prefix "clitest-twin" matches more than one cluster');
    const verdict = await cli(["clitest-twin-a", "meh"]);
    expect(verdict.code).toBe(2);
    expect(verdict.stderr).toBe('error: unknown verdict "meh"\nhint: use useful or noise, e.g. `flywheel radar feedback <cluster-id> useful`\n');
    expect((await flywheel.store.radar.clusterStates(["clitest-twin-a", "clitest-twin-b"])).length).toBe(0);
  });
});
