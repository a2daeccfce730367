// Flywheel's eval runner against promptfoo on the same generated promptfoo config:
// 1,000 tests x 3 prompts (3,000 cells, three deterministic assertions each) against the
// in-repo OpenAI-compatible server in its own process with 20 ms latency, at
// concurrency 8, cache off, each tool spawned as a user runs it. Wall time from spawn
// to exit; peak memory is the RSS of the whole process tree, sampled from /proc. Interleaved
// rounds, who goes first alternating; the median round is compared (min and max shown).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { interleave } from "./support/interleave.js";
import { reportBench, summarize } from "./support/results.js";
import { sampleTreeMemory } from "./support/process-tree-memory.js";
import { startServerProcess } from "./support/server-process.js";

const TESTS = 1000;
const CONCURRENCY = 8;
const ROUNDS = 5;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

function generateConfig(): string {
  const tests = Array.from({ length: TESTS }, (_, index) => `  - vars: { topic: "topic ${index}", id: "${String(index).padStart(4, "0")}" }
    assert:
      - type: contains
        value: "topic ${index}"
      - type: icontains
        value: "ID ${String(index).padStart(4, "0")}"
      - type: regex
        value: "^You said: "`);
  return `description: bench
prompts:
  - "Summarise {{topic}} (id {{id}})"
  - "Explain {{topic}} briefly. id {{id}}"
  - "Write a haiku on {{topic}}, id {{id}}"
providers:
  - openai:chat:gpt-4o-mini
tests:
${tests.join("\n")}
`;
}

interface Measured {
  wallMs: number;
  peakMiB: number;
  code: number | null;
}

function measure(command: string, args: string[], env: Record<string, string>, cwd: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`, HOME: cwd, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    const sampler = sampleTreeMemory(child.pid!);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const peakMiB = sampler.stop();
      if (code !== 0) console.error(`${path.basename(args[0] ?? command)} exited ${code}: ${stderr}`);
      resolve({ wallMs, peakMiB, code });
    });
  });
}

export async function run(): Promise<void> {
  const server = await startServerProcess({ latencyMs: 20 });
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-evals-"));
  writeFileSync(path.join(folder, "promptfooconfig.yaml"), generateConfig());
  const common = { OPENAI_BASE_URL: server.openaiBaseURL, OPENAI_API_KEY: "bench-key", NO_COLOR: "1" };
  const flywheelRun = (round: number) =>
    measure(process.execPath, [path.join(root, "bin", "flywheel.js"), "eval", "-c", "promptfooconfig.yaml", "--no-cache", "-j", String(CONCURRENCY), "--no-table", "--no-progress-bar"], { ...common, FLYWHEEL_DB: path.join(folder, `flywheel-${round}.db`), FLYWHEEL_HOME: path.join(folder, "home") }, folder);
  const promptfooRun = (round: number) =>
    measure(process.execPath, [path.join(root, "node_modules", "promptfoo", "dist", "src", "entrypoint.js"), "eval", "-c", "promptfooconfig.yaml", "--no-cache", "-j", String(CONCURRENCY), "--no-table", "--no-progress-bar"], { ...common, PROMPTFOO_DISABLE_TELEMETRY: "1", PROMPTFOO_DISABLE_UPDATE: "1", PROMPTFOO_CONFIG_DIR: path.join(folder, `promptfoo-${round}`) }, folder);
  let measured: Record<"flywheel" | "promptfoo", Measured[]>;
  try {
    measured = await interleave(ROUNDS, { flywheel: flywheelRun, promptfoo: promptfooRun });
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  const stats = (runs: Measured[]) => ({ wall: summarize(runs.map((m) => m.wallMs / 1000)), memory: summarize(runs.map((m) => m.peakMiB)) });
  const row = (name: string, runs: Measured[]) => {
    const { wall, memory } = stats(runs);
    return {
      name,
      values: {
        "min wall s": wall.min,
        "median wall s": wall.p50,
        "max wall s": Math.max(...runs.map((m) => m.wallMs / 1000)),
        "min peak MiB": memory.min,
        "median peak MiB": memory.p50,
        "max peak MiB": Math.max(...runs.map((m) => m.peakMiB)),
        "exit codes": runs.map((m) => m.code).join(","),
      },
    };
  };
  const ours = stats(measured.flywheel);
  const peer = stats(measured.promptfoo);
  const wallRatio = ours.wall.p50 / peer.wall.p50;
  const memoryRatio = ours.memory.p50 / peer.memory.p50;
  reportBench({
    benchmark: "evals",
    setup: { tests: TESTS, prompts: 3, cells: TESTS * 3, assertionsPerCell: 3, concurrency: CONCURRENCY, serverLatencyMs: 20, cache: "off", rounds: ROUNDS, order: "interleaved, reversed every other round", server: "in-repo protocol server, own process", measured: "wall time spawn to exit; peak RSS of the process tree from /proc every 50 ms", cpus: 2 },
    rows: [row("Flywheel eval", measured.flywheel), row("promptfoo eval", measured.promptfoo)],
    ratios: {
      "wall flywheel/promptfoo (median)": wallRatio,
      "wall flywheel/promptfoo (min)": ours.wall.min / peer.wall.min,
      "peak memory flywheel/promptfoo (median)": memoryRatio,
      "peak memory flywheel/promptfoo (min)": ours.memory.min / peer.memory.min,
    },
    targets: [
      { name: "wall time, median round", target: "< 1x promptfoo", value: wallRatio, met: wallRatio < 1 },
      { name: "peak memory, median round", target: "< 1x promptfoo", value: memoryRatio, met: memoryRatio < 1 },
    ],
  });
}
