import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** One row of a benchmark table: a label and named measurements. */
export interface BenchRow {
  /** What was measured, e.g. `flywheel generate`. */
  name: string;
  /** Measurements by column name; numbers are printed rounded. */
  values: Record<string, number | string | null>;
}

/** A benchmark's results: rows plus ratios and notes worth recording. */
export interface BenchResult {
  /** Benchmark name, also the JSON file name under bench/results/. */
  benchmark: string;
  /** Free-form description of the setup (machine, sizes, settings). */
  setup: Record<string, unknown>;
  rows: BenchRow[];
  /** Headline ratios, e.g. `{ "flywheel/direct": 1.02 }`. */
  ratios?: Record<string, number>;
  /** Whether the target was met, with the target stated. */
  targets?: { name: string; target: string; value: number; met: boolean }[];
}

const resultsDirectory = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "results");

/** Prints the result as a table and writes it as JSON to bench/results/<benchmark>.json, with the machine's load averages (1, 5, 15 min) at the end of the run. */
export function reportBench(result: BenchResult): void {
  mkdirSync(resultsDirectory, { recursive: true });
  const file = path.join(resultsDirectory, `${result.benchmark}.json`);
  writeFileSync(file, `${JSON.stringify({ ...result, date: new Date().toISOString(), node: process.version, loadAverage: os.loadavg() }, null, 2)}\n`);
  const columns = [...new Set(result.rows.flatMap((row) => Object.keys(row.values)))];
  const header = ["", ...columns];
  const lines = result.rows.map((row) => [row.name, ...columns.map((column) => format(row.values[column]))]);
  const widths = header.map((cell, index) => Math.max(cell.length, ...lines.map((line) => line[index]!.length)));
  const render = (cells: string[]) => cells.map((cell, index) => cell.padEnd(widths[index]!)).join("  ");
  console.log(`\n${result.benchmark}`);
  console.log(render(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  for (const line of lines) console.log(render(line));
  for (const [name, value] of Object.entries(result.ratios ?? {})) console.log(`${name}: ${value.toFixed(3)}`);
  for (const target of result.targets ?? []) {
    console.log(`${target.met ? "met" : "NOT met"}: ${target.name} ${target.target} (measured ${target.value.toFixed(3)})`);
  }
  console.log(`load average (1, 5, 15 min): ${os.loadavg().map((load) => load.toFixed(2)).join(", ")}`);
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}

function format(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "string") return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

/** Summary statistics of a list of samples (milliseconds or any unit). */
export function summarize(samples: number[]): { min: number; p50: number; p95: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { min: sorted[0]!, p50: at(0.5), p95: at(0.95), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

/** Peak resident memory of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
