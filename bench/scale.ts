// `npm run bench -- scale`: Flywheel on PostgreSQL against the embedded libSQL file and the
// engines it replaces, each part side by side in one run: trace list/filter/search at 1M
// traces (PostgreSQL) and 100k (libSQL); vector search at 100k chunks and hybrid nDCG@10 on the
// BEIR sets (PostgreSQL vs libSQL); eval throughput with 1 vs 2 worker processes; `db copy`
// rows/s. Each part starts its own throwaway PostgreSQL. `SCALE_PARTS=traces,db-copy` runs only
// the parts named (traces, retrieval, eval-workers, db-copy).
import { reportBench } from "./support/results.js";
import type { BenchResult, BenchRow } from "./support/results.js";

interface ScalePart {
  name: string;
  measure: () => Promise<BenchResult>;
}

const parts: ScalePart[] = [
  { name: "traces", measure: async () => tracesResult(await (await import("./scale/traces.js")).tracesScale()) },
  { name: "retrieval", measure: async () => (await import("./scale/retrieval.js")).retrievalScale() },
  { name: "eval-workers", measure: async () => (await import("./scale/eval-workers.js")).evalWorkersScale() },
  { name: "db-copy", measure: async () => dbCopyResult(await (await import("./scale/db-copy.js")).dbCopyScale()) },
];

export async function run(): Promise<void> {
  const only = process.env.SCALE_PARTS?.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = (only ?? []).filter((name) => !parts.some((part) => part.name === name));
  if (unknown.length > 0) throw new Error(`unknown scale part ${unknown.join(", ")}: choose from ${parts.map((part) => part.name).join(", ")}`);
  for (const part of parts) {
    if (only !== undefined && !only.includes(part.name)) continue;
    reportBench(await part.measure());
  }
}

type Latency = { p50: number; p95: number };

/** One row per store and query, with the < 100 ms p95 target on PostgreSQL at 1M traces. */
function tracesResult(raw: Record<string, unknown>): BenchResult {
  const rows: BenchRow[] = [];
  const targets: NonNullable<BenchResult["targets"]> = [];
  for (const [store, measured] of Object.entries(raw) as [string, Record<string, unknown>][]) {
    for (const [query, value] of Object.entries(measured)) {
      if (typeof value !== "object" || value === null) continue;
      const latency = value as Latency;
      rows.push({ name: `${store} ${query}`, values: { traces: measured.traces as number, "p50 ms": latency.p50, "p95 ms": latency.p95 } });
      if (store === "postgres") targets.push({ name: `PostgreSQL ${query} p95 at ${String(measured.traces)} traces`, target: "< 100 ms", value: latency.p95, met: latency.p95 < 100 });
    }
    rows.push({ name: `${store} insert`, values: { traces: measured.traces as number, "rows/s": measured.insertRowsPerSecond as number } });
  }
  return { benchmark: "scale-traces", setup: { via: "TraceStore.listTraces", runs: 40, warmup: 5 }, rows, targets };
}

function dbCopyResult(raw: Record<string, unknown>): BenchResult {
  const rows = Object.entries(raw).map(([direction, values]) => ({ name: direction, values: values as Record<string, number> }));
  return { benchmark: "scale-db-copy", setup: { source: "20k traces x 3 spans, 200 feedback, 2,000 chunks of 384 dims with full text" }, rows };
}
