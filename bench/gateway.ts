// `/v1/chat/completions` of `flywheel ui` (tracing on, every span written to its store) against
// the same OpenAI-compatible server called directly, side by side in one run, interleaved
// rounds (order reversed every other round), the median round's numbers:
// (1) in front of a server that answers in 20 ms, as a fast hosted model does: throughput at
//     64 requests in flight, and the latency added one request at a time;
// (2) in front of a server that does no work, 8 in flight: then the gateway's own CPU per
//     request is the limit on 2 cores; it is reported next to the model server's.
// Afterwards the workbench's store is counted: one trace per request, none lost.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openStore } from "../dist/index.js";
import { chatLoad, medianRound, nothingOwed } from "./support/chat-load.js";
import type { Settle } from "./support/chat-load.js";
import { interleave } from "./support/interleave.js";
import { treeCpuMs } from "./support/process-tree-cpu.js";
import { reportBench } from "./support/results.js";
import type { BenchRow } from "./support/results.js";
import { startServerProcess } from "./support/server-process.js";
import { startWorkbenchProcess } from "./support/workbench-process.js";

const ROUNDS = 5;
const IN_FLIGHT = 64;
const FAST_REQUESTS = 1_920;
const SERIAL_REQUESTS = 200;
const NO_WORK_IN_FLIGHT = 8;
const NO_WORK_REQUESTS = 1_000;
const LATENCY_MS = 20;

type Target = { name: string; target: string; value: number; met: boolean };

/** A model server in its own process and `flywheel ui` in front of it, with the store file to count spans in. */
async function startPair(latencyMs: number) {
  const upstream = await startServerProcess({ latencyMs });
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-gateway-"));
  const storeFile = path.join(folder, "flywheel.db");
  const workbench = await startWorkbenchProcess({ cwd: folder, env: { OPENAI_BASE_URL: upstream.openaiBaseURL, OPENAI_API_KEY: "bench", FLYWHEEL_HOME: folder, FLYWHEEL_DB: storeFile } });
  // The workbench writes its spans in batches after answering. Asking it for a trace that does not
  // exist makes it write every queued span before it answers, so those writes fall in its own round.
  const flush: Settle = async () => void (await (await fetch(`${workbench.url}/api/traces/none`)).text());
  let sent = 0;
  const sides = (stream: boolean, shape: { requests: number; concurrency: number }) => ({
    direct: () => chatLoad(upstream.openaiBaseURL, "gpt-4o-mini", stream, shape, nothingOwed),
    workbench: () => {
      sent += shape.requests;
      return chatLoad(`${workbench.url}/v1`, "openai:gpt-4o-mini", stream, shape, flush);
    },
  });
  return {
    upstream,
    workbench,
    sides,
    sent: () => sent,
    async stop() {
      await workbench.stop();
      await upstream.stop();
      const store = await openStore({ url: storeFile });
      try {
        const [row] = await store.sql.query<{ traces: number; spans: number }>("SELECT COUNT(*) AS traces, SUM(span_count) AS spans FROM traces");
        return { traces: Number(row?.traces ?? 0), spans: Number(row?.spans ?? 0) };
      } finally {
        await store.close();
      }
    },
  };
}

async function measureFast(rows: BenchRow[], ratios: Record<string, number>, targets: Target[]) {
  const pair = await startPair(LATENCY_MS);
  try {
    for (const stream of [false, true]) {
      const label = stream ? "streaming" : "plain";
      const many = { requests: FAST_REQUESTS, concurrency: IN_FLIGHT };
      const serial = { requests: SERIAL_REQUESTS, concurrency: 1 };
      for (const warmUp of Object.values(pair.sides(stream, many))) await warmUp();
      const loaded = await interleave(ROUNDS, pair.sides(stream, many));
      const single = await interleave(ROUNDS, pair.sides(stream, serial));
      const [a, b, c, d] = [medianRound(loaded.direct), medianRound(loaded.workbench), medianRound(single.direct), medianRound(single.workbench)];
      rows.push(
        { name: `${LATENCY_MS} ms server, ${label}, direct, ${IN_FLIGHT} in flight`, values: { "req/s": a.perSecond, "p50 ms": a.p50, "p95 ms": a.p95 } },
        { name: `${LATENCY_MS} ms server, ${label}, via flywheel ui, ${IN_FLIGHT} in flight`, values: { "req/s": b.perSecond, "p50 ms": b.p50, "p95 ms": b.p95 } },
        { name: `${LATENCY_MS} ms server, ${label}, direct, one at a time`, values: { "req/s": c.perSecond, "p50 ms": c.p50, "p95 ms": c.p95 } },
        { name: `${LATENCY_MS} ms server, ${label}, via flywheel ui, one at a time`, values: { "req/s": d.perSecond, "p50 ms": d.p50, "p95 ms": d.p95 } },
      );
      ratios[`${label}: req/s via flywheel ui / direct (${IN_FLIGHT} in flight)`] = b.perSecond / a.perSecond;
      ratios[`${label}: added p50 ms (one at a time)`] = d.p50 - c.p50;
      ratios[`${label}: added p95 ms (one at a time)`] = d.p95 - c.p95;
      targets.push(
        { name: `${label}: throughput at ${IN_FLIGHT} in flight, via flywheel ui / direct`, target: ">= 0.9", value: b.perSecond / a.perSecond, met: b.perSecond / a.perSecond >= 0.9 },
        { name: `${label}: added p50 one at a time, ms`, target: "<= 0.5", value: d.p50 - c.p50, met: d.p50 - c.p50 <= 0.5 },
      );
    }
  } finally {
    const counted = await pair.stop();
    const expected = pair.sent();
    rows.push({ name: `${LATENCY_MS} ms server: traces stored / requests sent via flywheel ui`, values: { sent: expected, traces: counted.traces, spans: counted.spans } });
    targets.push({ name: "spans lost under load (requests sent - traces stored)", target: "= 0", value: expected - counted.traces, met: expected === counted.traces && counted.spans === counted.traces });
  }
}

async function measureNoWork(rows: BenchRow[], ratios: Record<string, number>, targets: Target[]) {
  const pair = await startPair(0);
  try {
    const shape = { requests: NO_WORK_REQUESTS, concurrency: NO_WORK_IN_FLIGHT };
    const cpu = { direct: [] as number[], workbench: [] as number[] };
    const timed = (side: "direct" | "workbench", load: () => Promise<Awaited<ReturnType<typeof chatLoad>>>) => async () => {
      const before = { upstream: treeCpuMs(pair.upstream.pid), workbench: treeCpuMs(pair.workbench.pid) };
      const round = await load();
      // The model server's CPU per request is the direct path's whole cost; through the gateway it is paid again plus the gateway's own.
      cpu[side].push(side === "direct" ? (treeCpuMs(pair.upstream.pid) - before.upstream) / shape.requests : (treeCpuMs(pair.workbench.pid) - before.workbench) / shape.requests);
      return round;
    };
    const sides = pair.sides(false, shape);
    for (const warmUp of Object.values(sides)) await warmUp();
    const rounds = await interleave(ROUNDS, { direct: timed("direct", sides.direct), workbench: timed("workbench", sides.workbench) });
    const [a, b] = [medianRound(rounds.direct), medianRound(rounds.workbench)];
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
    rows.push(
      { name: `no-work server, direct, ${NO_WORK_IN_FLIGHT} in flight`, values: { "req/s": a.perSecond, "p50 ms": a.p50, "p95 ms": a.p95, "CPU ms/req": median(cpu.direct) } },
      { name: `no-work server, via flywheel ui, ${NO_WORK_IN_FLIGHT} in flight`, values: { "req/s": b.perSecond, "p50 ms": b.p50, "p95 ms": b.p95, "CPU ms/req": median(cpu.workbench) } },
    );
    ratios[`no-work server: req/s via flywheel ui / direct (${NO_WORK_IN_FLIGHT} in flight)`] = b.perSecond / a.perSecond;
    ratios["no-work server: CPU ms per request, flywheel ui process"] = median(cpu.workbench);
    ratios["no-work server: CPU ms per request, model server process"] = median(cpu.direct);
  } finally {
    const counted = await pair.stop();
    targets.push({ name: "no-work server: spans lost (requests sent - traces stored)", target: "= 0", value: pair.sent() - counted.traces, met: pair.sent() === counted.traces });
  }
}

export async function run(): Promise<void> {
  const rows: BenchRow[] = [];
  const ratios: Record<string, number> = {};
  const targets: Target[] = [];
  await measureFast(rows, ratios, targets);
  await measureNoWork(rows, ratios, targets);
  reportBench({
    benchmark: "gateway",
    setup: {
      upstream: `in-repo OpenAI-compatible protocol server, own process, ${LATENCY_MS} ms per response (and 0 ms for the no-work case)`,
      workbench: "flywheel ui (built CLI), own process, tracing on, spans written to its libSQL store",
      rounds: ROUNDS,
      order: "interleaved, reversed every other round",
      statistic: "median over rounds of each round's req/s, p50 and p95",
      requests: { fast: FAST_REQUESTS, inFlight: IN_FLIGHT, serial: SERIAL_REQUESTS, noWork: NO_WORK_REQUESTS, noWorkInFlight: NO_WORK_IN_FLIGHT },
      workbenchWindow: "each round ends after the workbench's queued spans are written",
      cpus: 2,
    },
    rows,
    ratios,
    targets,
  });
}
