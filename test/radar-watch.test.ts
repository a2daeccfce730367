import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { generateText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigFile } from "../src/config/index.js";
import { RADAR_QUEUE, radarJobHandler, watchModels } from "../src/radar/watch/index.js";
import type { RadarRun } from "../src/radar/watch/index.js";
import type { RadarContext } from "../src/radar/radar-pipeline.js";
import type { Digest } from "../src/radar/radar-types.js";
import type { Flywheel } from "../src/runtime/index.js";
import { scheduleRadar, startWorker } from "../src/workers/index.js";
import type { RadarTick } from "../src/workers/index.js";
import { flywheelAgainst, temporaryFolder } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

// One store across the runs, as a user's project keeps one; the protocol server's model list
// changes between them. The suite (8 additions) is answered by scripts: the baseline gets odd
// first operands wrong, every other model answers right.
const folder = temporaryFolder("flywheel-radar-watch-");
const database = path.join(folder, "flywheel.db");
const suite = path.join(folder, "addition.eval.yaml");
const pairs = [
  [2, 3],
  [5, 4],
  [6, 1],
  [7, 7],
  [8, 2],
  [9, 9],
  [4, 4],
  [3, 6],
];
writeFileSync(
  suite,
  [
    "description: addition",
    'prompts: ["What is {{a}} plus {{b}}? Answer with the number only."]',
    "tests:",
    ...pairs.flatMap(([a, b]) => [`  - vars: { a: ${a}, b: ${b} }`, `    assert: [{ type: equals, value: "${a! + b!}" }]`]),
  ].join("\n"),
);

let server: ProtocolServer;
let failing: ReturnType<typeof createServer>;
let failingUrl: string;

beforeAll(async () => {
  server = await startProtocolServer();
  const answer = (wrongWhenOdd: boolean) => (request: { messages: { role: string; content: string }[] }) => {
    const [a, b] = (request.messages.at(-1)?.content.match(/\d+/g) ?? []).map(Number);
    return { text: wrongWhenOdd && a! % 2 === 1 ? "I am not sure" : String(a! + b!) };
  };
  server.script("gpt-4o-mini", answer(true));
  for (const model of ["gpt-new", "gpt-pricey"]) server.script(model, answer(false));
  failing = createServer((_request, response) => {
    response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { message: "internal error" } }));
  });
  await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
  failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server.close();
  await new Promise((resolve) => failing.close(resolve));
});

const radar = (overrides: Record<string, unknown> = {}) => ({ evals: [suite], maxCases: 5, budgetUsd: 1, ...overrides });

async function open(config: ConfigFile = {}): Promise<Flywheel> {
  return flywheelAgainst(server, {
    env: { FLYWHEEL_DB: database },
    config: { defaultModel: "openai:gpt-4o-mini", ...config, models: { "openai:gpt-new": { price: { input: 0.1, output: 0.4 } }, "openai:gpt-pricey": { price: { input: 10_000, output: 10_000 } }, ...config.models } },
  });
}

function contextOf(flywheel: Flywheel, lines: string[] = []): RadarContext {
  return { flywheel, config: flywheel.config.radar, cwd: folder, now: Date.now(), progress: (line) => lines.push(line) };
}

function chatRequests(model: string): number {
  return server.requests.filter((request) => request.path === "/v1/chat/completions" && (request.body as { model?: string }).model === model).length;
}

async function watchOnce(config: ConfigFile = {}, lines: string[] = []) {
  const flywheel = await open(config);
  try {
    return { ...(await watchModels(contextOf(flywheel, lines), { offline: false })), snapshot: await flywheel.store.radar.modelSnapshot() };
  } finally {
    await flywheel.close();
  }
}

describe("model watch", () => {
  it("records the snapshot on the first run without reporting or evaluating anything, and lists nothing offline", async () => {
    const flywheel = await open({ radar: radar() });
    try {
      expect(await watchModels(contextOf(flywheel), { offline: true })).toEqual({ changes: [], results: [], failures: [] });
      expect(await flywheel.store.radar.modelSnapshot()).toEqual([]);
    } finally {
      await flywheel.close();
    }
    const lines: string[] = [];
    const first = await watchOnce({ radar: radar() }, lines);
    expect(first.changes).toEqual([]);
    expect(first.results).toEqual([]);
    expect(first.failures).toEqual([]);
    expect(lines.join("\n")).toMatch(/first run, recorded \d+ models/);
    const byId = new Map(first.snapshot.map((model) => [model.modelId, model]));
    expect(byId.get("openai:gpt-4o-mini")).toMatchObject({ origin: "openai", inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(byId.get("anthropic:claude-sonnet-4-5")).toMatchObject({ origin: "anthropic", inputPerMTok: 3 });
    // A catalog model no provider lists is watched through the catalog.
    expect(byId.get("openai:gpt-5")).toMatchObject({ origin: "catalog", inputPerMTok: 1.25 });
    // The user's own config entries are not news.
    expect(byId.has("openai:gpt-new")).toBe(false);
    expect(server.requests.filter((request) => request.path === "/v1/chat/completions")).toHaveLength(0);
    // Anthropic's list was asked for with its own headers.
    expect(server.requests.some((request) => request.path === "/v1/models" && request.headers["anthropic-version"] !== undefined && request.headers["x-api-key"] !== undefined)).toBe(true);
  });

  it("detects a model the provider gained, runs the suite on it and on the model in use within maxCases, and recommends", async () => {
    server.models.push("gpt-new");
    const { changes, results } = await watchOnce({ radar: radar() });
    // Both providers point at the server, so both list it; only the OpenAI one has a price.
    expect(changes).toEqual([
      { kind: "new-model", model: { modelId: "anthropic:gpt-new", origin: "anthropic" } },
      { kind: "new-model", model: { modelId: "openai:gpt-new", origin: "openai", inputPerMTok: 0.1, outputPerMTok: 0.4 } },
    ]);
    expect(results).toHaveLength(2);
    expect(results[0]!.skipped).toMatch(/the price of anthropic:gpt-new is unknown, so it cannot be tried within radar\.budgetUsd/);
    expect(results[0]!.recommendation).toBe("not enough evidence");
    expect(server.requests.filter((request) => request.path === "/v1/messages")).toHaveLength(0);
    const result = results[1];
    expect(result!.baselineModel).toBe("openai:gpt-4o-mini");
    // 8 tests, maxCases 5: each model got exactly 5 requests.
    expect(chatRequests("gpt-new")).toBe(5);
    expect(chatRequests("gpt-4o-mini")).toBe(5);
    const [suiteResult] = result!.suites;
    expect(suiteResult!.cases).toBe(5);
    expect(suiteResult!.candidate.passRate.estimate).toBe(1);
    // The baseline got 5 + 7 wrong (first operands 5 and 7 among the first five tests).
    expect(suiteResult!.baseline.passRate.estimate).toBeCloseTo(0.6);
    expect(suiteResult!.difference.estimate).toBeCloseTo(0.4);
    expect(suiteResult!.difference.low).toBeLessThanOrEqual(suiteResult!.difference.estimate);
    expect(suiteResult!.difference.high).toBeGreaterThanOrEqual(suiteResult!.difference.estimate);
    expect(suiteResult!.candidate.costPerRequestUsd).toBeLessThan(suiteResult!.baseline.costPerRequestUsd!);
    expect(result!.costUsd).toBeGreaterThan(0);
    expect(result!.costUsd).toBeLessThan(1);
    // No worse than the margin on the interval and cheaper, or better: switch.
    expect(result!.recommendation).toBe("switch");
    expect(result!.skipped).toBeUndefined();
  });

  it("stops the evaluation before a budget too small for the suite is spent, and says so", async () => {
    server.models.push("gpt-pricey");
    const before = chatRequests("gpt-pricey");
    const { changes, results } = await watchOnce({ radar: radar({ budgetUsd: 0.5 }) });
    expect(changes.map((change) => change.model.modelId)).toEqual(["anthropic:gpt-pricey", "openai:gpt-pricey"]);
    const result = results[1];
    // The eval calls of the last run tried models; they did not make them the model in use.
    expect(result!.baselineModel).toBe("openai:gpt-4o-mini");
    const requests = chatRequests("gpt-pricey") - before;
    expect(requests).toBeGreaterThan(0);
    expect(requests).toBeLessThan(5);
    expect(result!.skipped).toMatch(/^stopped early: the cost budget of \$0\.5 is spent: the next call \(about \$0\.\d+\) could pass it/);
    // A call that could pass the budget does not start: the spend stays under it.
    expect(result!.costUsd).toBeGreaterThan(0);
    expect(result!.costUsd).toBeLessThanOrEqual(0.5);
  });

  it("reports a price change on a model in use, not on a model nobody uses", async () => {
    // The app calls openai:gpt-4o once; the watch's own eval calls do not count as use.
    const app = await open();
    try {
      await generateText({ model: app.model("openai:gpt-4o"), prompt: "hello", maxRetries: 0 });
      await app.close();
      const models = { "openai:gpt-4o-mini": { price: { input: 0.3, output: 1.2 } }, "openai:gpt-4o": { price: { input: 5, output: 20 } }, "anthropic:claude-sonnet-4-5": { price: { input: 6, output: 30 } } };
      const { changes, results } = await watchOnce({ radar: radar({ evals: [] }), models });
      expect(changes).toEqual([
        {
          kind: "price-change",
          model: { modelId: "openai:gpt-4o", origin: "openai", contextWindow: 128_000, inputPerMTok: 5, outputPerMTok: 20 },
          before: { modelId: "openai:gpt-4o", origin: "openai", contextWindow: 128_000, inputPerMTok: 2.5, outputPerMTok: 10 },
        },
      ]);
      // The model most called outside evals is the one in use: the baseline. The default model,
      // called only by evals, and Anthropic's model, never called, are not in use.
      expect(results.map((result) => [result.baselineModel, result.skipped])).toEqual([["openai:gpt-4o", "no eval suites in radar.evals"]]);
    } finally {
      await app.close();
    }
  });

  it("reports a provider answering 500 as a failed source, without its key, and reads the others", async () => {
    server.models.push("gpt-late");
    const { changes, failures } = await watchOnce({
      radar: radar({ evals: [] }),
      providers: { broken: { baseURL: `${failingUrl}/v1`, apiKey: "sk-broken-secret-4242" } },
      models: { "openai:gpt-4o-mini": { price: { input: 0.3, output: 1.2 } }, "openai:gpt-4o": { price: { input: 5, output: 20 } }, "anthropic:claude-sonnet-4-5": { price: { input: 6, output: 30 } } },
    });
    expect(failures).toEqual([{ source: "provider broken", code: "model-list-failed", message: `${failingUrl}/v1/models answered HTTP 500`, hint: "the broken server failed; the next run tries again" }]);
    expect(JSON.stringify(failures)).not.toContain("sk-broken-secret-4242");
    expect(changes.map((change) => change.model.modelId)).toEqual(["anthropic:gpt-late", "openai:gpt-late"]);
  });
});

describe("radar watch --every, through the jobs layer", () => {
  const digestOf = (watched: Awaited<ReturnType<typeof watchModels>>, context: RadarContext): Digest => ({
    id: `digest-${context.now}`,
    createdAt: context.now,
    since: context.now,
    entries: [],
    modelChanges: watched.changes,
    modelWatch: watched.results,
    failures: watched.failures,
    stats: { sources: 0, itemsNew: 0, itemsSeen: 0, clusters: 0, elapsedMs: 0 },
  });

  it("runs ticks as jobs on the radar queue, reports a failed run and goes on, and stops cleanly", async () => {
    const flywheel = await open({ radar: radar({ evals: [] }) });
    try {
      let calls = 0;
      const run: RadarRun = async (context) => {
        calls += 1;
        if (calls === 1) throw new Error("the feeds were down");
        context.progress("fetched nothing");
        return digestOf(await watchModels(context, { offline: false }), context);
      };
      const ticks: RadarTick[] = [];
      const progress: string[] = [];
      const started = Date.now();
      const count = await scheduleRadar(flywheel, { everyMs: 300, cwd: folder, run, signal: new AbortController().signal, maxTicks: 2, onTick: (tick) => ticks.push(tick), onProgress: (line) => progress.push(line) });
      expect(count).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(ticks.map((tick) => [tick.tick, tick.job.state, tick.inWorker])).toEqual([
        [1, "failed", false],
        [2, "succeeded", false],
      ]);
      expect(ticks[0]!.job.error?.message).toContain("the feeds were down");
      expect(ticks[1]!.job.result).toMatchObject({ digestId: expect.stringMatching(/^digest-/), entries: 0, failures: 0 });
      expect(progress).toContain("fetched nothing");
      const jobs = await flywheel.jobs.list({ queue: RADAR_QUEUE });
      expect(jobs.map((job) => job.state).sort()).toEqual(["failed", "succeeded"]);

      // Ctrl-C while waiting for the next tick ends the schedule at once.
      const stop = new AbortController();
      const stopping = Date.now();
      const stopped = await scheduleRadar(flywheel, { everyMs: 60_000, cwd: folder, run, signal: stop.signal, onTick: () => stop.abort() });
      expect(stopped).toBe(1);
      expect(Date.now() - stopping).toBeLessThan(10_000);
    } finally {
      await flywheel.close();
    }
  });

  it("hands the run to a worker that serves the radar queue", async () => {
    const flywheel = await open({ radar: radar({ evals: [] }) });
    const run: RadarRun = async (context) => digestOf(await watchModels(context, { offline: false }), context);
    const worker = await startWorker(flywheel, { handlers: { [RADAR_QUEUE]: radarJobHandler(flywheel, run) }, concurrency: 1 });
    try {
      const ticks: RadarTick[] = [];
      await scheduleRadar(flywheel, { everyMs: 1000, cwd: folder, run: () => Promise.reject(new Error("this process must not run it")), signal: new AbortController().signal, maxTicks: 1, onTick: (tick) => ticks.push(tick) });
      expect(ticks).toHaveLength(1);
      expect(ticks[0]!.inWorker).toBe(true);
      expect(ticks[0]!.job.state).toBe("succeeded");
      expect(ticks[0]!.job.result).toMatchObject({ worker: worker.workerId });
    } finally {
      await worker.stop();
      await flywheel.close();
    }
  });
});
