// Start-up time of the `flywheel` command as a whole process, against bare Node
// (`node -e 0`) in the same run: `--version`, `traces list` on a store with a few traces,
// and a BM25 `search` over a small ingested collection. Commands run round-robin for
// ROUNDS rounds (the order rotating each round) after one warm-up round; the minimum and the
// median of each are reported, since a shared machine is noisy.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findOlderNode } from "../test/support/older-node.js";
import { reportBench, summarize } from "./support/results.js";
import { startServerProcess } from "./support/server-process.js";

const ROUNDS = 20;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const launcher = path.join(root, "bin", "flywheel.js");

interface Case {
  name: string;
  /** The Node binary and its arguments. */
  command: [string, ...string[]];
  /** Extra environment for this case. */
  env?: () => Record<string, string>;
  /** Upper bound on the median, in ms, where the project sets one. */
  targetMs?: number;
}

/** Runs one command to completion and returns its wall time in ms; fails on a non-zero exit. */
function timeProcess(run: Case, cwd: string, env: Record<string, string>): number {
  const [binary, ...args] = run.command;
  const started = performance.now();
  const result = spawnSync(binary, args, { cwd, env: { ...env, ...run.env?.() }, encoding: "utf8" });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${run.name} exited ${result.status ?? result.signal}: ${result.stderr}`);
  return elapsed;
}

/** Fills the folder: a config pointing at the protocol server, five traced prompts and an ingested collection. */
function prepareFolder(folder: string, env: Record<string, string>): void {
  cpSync(path.join(root, "test", "fixtures", "handbook"), path.join(folder, "handbook"), { recursive: true });
  writeFileSync(path.join(folder, "flywheel.config.yaml"), "defaultModel: openai:gpt-4o-mini\ndefaultEmbeddingModel: openai:text-embedding-3-small\n");
  const flywheel = (args: string[]) => timeProcess({ name: args.join(" "), command: [process.execPath, launcher, ...args] }, folder, { ...env, FLYWHEEL_HOME: path.join(folder, "home") });
  flywheel(["ingest", "handbook", "--collection", "handbook"]);
  for (let index = 0; index < 5; index += 1) flywheel(["run", `hello ${index}`]);
}

export async function run(): Promise<void> {
  const server = await startServerProcess();
  const base = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "bench-startup-key" };
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-startup-"));
  try {
    prepareFolder(folder, base);
    measure(folder, base);
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

function measure(folder: string, base: Record<string, string>): void {
  const env = { ...base, FLYWHEEL_HOME: path.join(folder, "home") };
  const olderNode = findOlderNode();
  const cases: Case[] = [
    { name: "node -e 0 (baseline)", command: [process.execPath, "-e", "0"] },
    { name: "flywheel --version", command: [process.execPath, launcher, "--version"], targetMs: 150 },
    { name: "flywheel traces list", command: [process.execPath, launcher, "traces", "list"], targetMs: 300 },
    { name: "flywheel search --mode bm25", command: [process.execPath, launcher, "search", "paid leave", "--mode", "bm25", "--collection", "handbook"], targetMs: 300 },
    // Every round in a fresh compile-cache folder: the first run after an install or upgrade.
    { name: "flywheel traces list, cold compile cache", command: [process.execPath, launcher, "traces", "list"], env: () => ({ NODE_COMPILE_CACHE: mkdtempSync(path.join(folder, "compile-cache-")) }) },
  ];
  const byOlderNode: Case | undefined = olderNode && { name: `flywheel --version started by Node ${olderNode.version}`, command: [olderNode.path, launcher, "--version"] };
  const loadBefore = loadavg()[0]!;
  for (const run of cases) timeProcess(run, folder, env);
  const olderNodeRuns = byOlderNode !== undefined && spawnSync(byOlderNode.command[0], byOlderNode.command.slice(1), { cwd: folder, env }).status === 0;
  if (olderNodeRuns) cases.push(byOlderNode);
  const samples = new Map<string, number[]>(cases.map((run) => [run.name, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let index = 0; index < cases.length; index += 1) {
      const run = cases[(index + round) % cases.length]!;
      samples.get(run.name)!.push(timeProcess(run, folder, env));
    }
  }
  const baseline = summarize(samples.get(cases[0]!.name)!);
  const rows = cases.map((run) => {
    const stats = summarize(samples.get(run.name)!);
    return { name: run.name, values: { "min ms": stats.min, "median ms": stats.p50, "median / node -e 0": stats.p50 / baseline.p50 } };
  });
  const targets = cases
    .filter((run) => run.targetMs !== undefined)
    .map((run) => {
      const median = summarize(samples.get(run.name)!).p50;
      return { name: `${run.name}, median`, target: `<= ${run.targetMs} ms`, value: median, met: median <= run.targetMs! };
    });
  reportBench({
    benchmark: "startup",
    setup: {
      rounds: ROUNDS,
      measured: "wall time of the whole process, spawned and awaited; min and median over the rounds",
      store: "5 traces; a collection of 10 markdown files (18 chunks)",
      cpus: cpus().length,
      loadAverageBefore: Number(loadBefore.toFixed(2)),
      loadAverageAfter: Number(loadavg()[0]!.toFixed(2)),
      olderNode: olderNode === undefined ? "none found" : `${olderNode.version}${olderNodeRuns ? "" : ", on which the launcher does not run"}`,
    },
    rows,
    ratios: Object.fromEntries(rows.slice(1).map((row) => [`${row.name}: median / node -e 0`, row.values["median / node -e 0"]])),
    targets,
  });
}
