// The workbench server under load. (1) With 100,000 traces in the store, the list and
// filter queries the Traces page makes, through the HTTP API: p95 under 100 ms.
// (2) `/v1/chat/completions` of `flywheel ui` in front of the in-repo OpenAI-compatible
// server, against calling that server directly, same run: requests/s and added latency,
// interleaved rounds (order reversed every other round), the median round's numbers.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFlywheel, loadConfig, startServer } from "../dist/index.js";
import type { SpanRecord, Store } from "../dist/index.js";
import { chatLoad as load, medianRound as median, nothingOwed } from "./support/chat-load.js";
import type { Settle } from "./support/chat-load.js";
import { interleave } from "./support/interleave.js";
import { reportBench, summarize } from "./support/results.js";
import type { BenchRow } from "./support/results.js";
import { startServerProcess } from "./support/server-process.js";
import { startWorkbenchProcess } from "./support/workbench-process.js";

const TRACES = 100_000;
const QUERY_SAMPLES = 40;
const LOAD_REQUESTS = 1_000;
const LOAD_CONCURRENCY = 8;
const LOAD_ROUNDS = 5;
const SERIAL_REQUESTS = 300;
const models = ["openai:gpt-4o-mini", "openai:gpt-4o", "anthropic:claude-haiku-4-5", "anthropic:claude-sonnet-4-5", "local:default"];
const words = ["refund", "invoice", "shipping", "password", "upgrade", "cancel", "weather", "summary", "translate", "haiku"];

/** 100k traces (a root `run` span and a `chat` child each) over the last 30 days, written in large multi-row batches. */
async function fillStore(store: Store): Promise<number> {
  const started = performance.now();
  const now = Date.now();
  const month = 30 * 86_400_000;
  const batch: SpanRecord[] = [];
  for (let index = 0; index < TRACES; index += 1) {
    const traceId = randomBytes(16).toString("hex");
    const rootId = randomBytes(8).toString("hex");
    const startTime = now - Math.floor((index / TRACES) * month) - (index % 1000);
    const model = models[index % models.length]!;
    const duration = 200 + ((index * 37) % 2800);
    const status = index % 50 === 7 ? "error" : "ok";
    const question = `${words[index % words.length]} question number ${index} about ${words[(index * 7) % words.length]}`;
    const cost = ((index * 13) % 1000) / 1_000_000;
    const base = { traceId, statusMessage: null, provider: null, events: [] };
    batch.push(
      { ...base, spanId: rootId, parentSpanId: null, name: "run", kind: "run", startTime, endTime: startTime + duration, status, model, inputTokens: null, outputTokens: null, costUsd: null, attributes: { "flywheel.input": question, "flywheel.output": `answer ${index}` } },
      { ...base, spanId: randomBytes(8).toString("hex"), parentSpanId: rootId, name: "chat", kind: "model", startTime: startTime + 5, endTime: startTime + duration - 5, status, model, inputTokens: 20 + (index % 200), outputTokens: 50 + (index % 400), costUsd: cost, attributes: {} },
    );
    if (batch.length >= 10_000) await store.traces.writeSpans(batch.splice(0));
  }
  await store.traces.writeSpans(batch.splice(0));
  return performance.now() - started;
}

/** Times one GET `samples` times (after two warm-ups) and summarizes the milliseconds. */
async function timeQuery(url: string, samples: number) {
  const times: number[] = [];
  let rows = 0;
  for (let index = -2; index < samples; index += 1) {
    const started = performance.now();
    const response = await fetch(url);
    const body = (await response.json()) as { traces?: unknown[]; points?: unknown[] };
    if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
    if (index >= 0) times.push(performance.now() - started);
    rows = (body.traces ?? body.points ?? []).length;
  }
  return { ...summarize(times), rows };
}

async function measureQueries(rows: BenchRow[], targets: { name: string; target: string; value: number; met: boolean }[]) {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-server-"));
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_HOME: folder, FLYWHEEL_DB: path.join(folder, "flywheel.db") } });
  const flywheel = await createFlywheel({ config });
  const fillMs = await fillStore(flywheel.store);
  const server = await startServer({ flywheel, port: 0 });
  const now = Date.now();
  const first = (await (await fetch(`${server.url}/api/traces?limit=50`)).json()) as { nextCursor: string };
  let deep = first.nextCursor;
  for (let page = 0; page < 20; page += 1) deep = ((await (await fetch(`${server.url}/api/traces?limit=50&cursor=${deep}`)).json()) as { nextCursor: string }).nextCursor;
  const queries: [string, string][] = [
    ["newest 50", "/api/traces?limit=50"],
    ["page 22 (cursor)", `/api/traces?limit=50&cursor=${deep}`],
    ["model", "/api/traces?limit=50&model=anthropic:claude-haiku-4-5"],
    ["status error", "/api/traces?limit=50&status=error"],
    ["model + status", "/api/traces?limit=50&model=anthropic:claude-haiku-4-5&status=error"],
    ["last hour", `/api/traces?limit=50&since=${now - 3_600_000}`],
    ["time window, 7 days ago", `/api/traces?limit=50&since=${now - 8 * 86_400_000}&until=${now - 7 * 86_400_000}`],
    ["cost range", "/api/traces?limit=50&minCost=0.0009&maxCost=0.00095"],
    ["search (common word)", "/api/traces?limit=50&search=invoice"],
    ["search (one trace)", "/api/traces?limit=50&search=number%2077777%20"],
    ["search + model + 7 days", `/api/traces?limit=50&search=refund&model=openai:gpt-4o-mini&since=${now - 7 * 86_400_000}`],
    ["stats, 24 hours", `/api/traces/stats?since=${now - 86_400_000}&buckets=48`],
    ["stats, 7 days", `/api/traces/stats?since=${now - 7 * 86_400_000}&buckets=48`],
    ["stats, 30 days", `/api/traces/stats?since=${now - 30 * 86_400_000}&buckets=60`],
  ];
  for (const [name, route] of queries) {
    const result = await timeQuery(`${server.url}${route}`, QUERY_SAMPLES);
    rows.push({ name: `GET ${name}`, values: { rows: result.rows, "p50 ms": result.p50, "p95 ms": result.p95 } });
    targets.push({ name: `${name} with ${TRACES.toLocaleString()} traces, p95 ms`, target: "< 100", value: result.p95, met: result.p95 < 100 });
  }
  await server.close();
  await flywheel.close();
  return fillMs;
}

async function measureProxy(rows: BenchRow[], ratios: Record<string, number>) {
  const upstream = await startServerProcess();
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-proxy-"));
  const workbench = await startWorkbenchProcess({ cwd: folder, env: { OPENAI_BASE_URL: upstream.openaiBaseURL, OPENAI_API_KEY: "bench", FLYWHEEL_HOME: folder } });
  // The workbench writes its spans in batches after answering. Asking it for a trace that does
  // not exist makes it write every queued span before it answers 404, so those writes fall in
  // its own timed window, not in the next direct round.
  const flushWorkbench: Settle = async () => {
    await (await fetch(`${workbench.url}/api/traces/none`)).text();
  };
  const concurrent = { requests: LOAD_REQUESTS, concurrency: LOAD_CONCURRENCY };
  // One request at a time: the latency a single client sees, without queueing.
  const serial = { requests: SERIAL_REQUESTS, concurrency: 1 };
  try {
    for (const stream of [false, true]) {
      const label = stream ? "streaming" : "plain";
      const sides = (shape: typeof concurrent) => ({
        direct: () => load(upstream.openaiBaseURL, "gpt-4o-mini", stream, shape, nothingOwed),
        workbench: () => load(`${workbench.url}/v1`, "openai:gpt-4o-mini", stream, shape, flushWorkbench),
      });
      for (const warmUp of Object.values(sides(concurrent))) await warmUp();
      const many = await interleave(LOAD_ROUNDS, sides(concurrent));
      const single = await interleave(LOAD_ROUNDS, sides(serial));
      const [a, b, c, d] = [median(many.direct), median(many.workbench), median(single.direct), median(single.workbench)];
      rows.push(
        { name: `/chat/completions ${label}, direct, ${LOAD_CONCURRENCY} at a time`, values: { "req/s": a.perSecond, "p50 ms": a.p50, "p95 ms": a.p95 } },
        { name: `/chat/completions ${label}, via flywheel ui, ${LOAD_CONCURRENCY} at a time`, values: { "req/s": b.perSecond, "p50 ms": b.p50, "p95 ms": b.p95 } },
        { name: `/chat/completions ${label}, direct, one at a time`, values: { "req/s": c.perSecond, "p50 ms": c.p50, "p95 ms": c.p95 } },
        { name: `/chat/completions ${label}, via flywheel ui, one at a time`, values: { "req/s": d.perSecond, "p50 ms": d.p50, "p95 ms": d.p95 } },
      );
      ratios[`${label}: req/s via workbench / direct (${LOAD_CONCURRENCY} at a time)`] = b.perSecond / a.perSecond;
      ratios[`${label}: added p50 ms (one at a time)`] = d.p50 - c.p50;
      ratios[`${label}: added p95 ms (one at a time)`] = d.p95 - c.p95;
      ratios[`${label}: added p50 ms (${LOAD_CONCURRENCY} at a time)`] = b.p50 - a.p50;
    }
  } finally {
    await workbench.stop();
    await upstream.stop();
  }
}

export async function run(): Promise<void> {
  const rows: BenchRow[] = [];
  const ratios: Record<string, number> = {};
  const targets: { name: string; target: string; value: number; met: boolean }[] = [];
  const fillMs = await measureQueries(rows, targets);
  await measureProxy(rows, ratios);
  reportBench({
    benchmark: "server",
    setup: {
      traces: TRACES,
      spansPerTrace: 2,
      storeFillSeconds: Math.round(fillMs / 100) / 10,
      querySamples: QUERY_SAMPLES,
      load: { requests: LOAD_REQUESTS, concurrency: LOAD_CONCURRENCY, serialRequests: SERIAL_REQUESTS, rounds: LOAD_ROUNDS, order: "interleaved, reversed every other round", statistic: "median over rounds of each round's req/s, p50 and p95", workbenchWindow: "ends after its queued spans are written" },
      upstream: "in-repo protocol server, own process, no added latency",
      workbench: "flywheel ui (built CLI), own process, tracing to its store",
      cpus: 2,
    },
    rows,
    ratios,
    targets,
  });
}
