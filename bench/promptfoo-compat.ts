// promptfoo configs, unchanged, through promptfoo 0.123.1 and through `flywheel eval`, both
// spawned as a user runs them (no cache) against the in-repo protocol server in its own
// process. One row per folder under test/fixtures/promptfoo-compat (one feature each):
// cells, cells with promptfoo's verdict, cells with its verdict, score (within 1e-3) and
// rendered prompt, cells with its verdict among those whose test has no model-graded assertion,
// and both tools' wall time. Rounds are interleaved, who goes first alternating; agreement
// is read from the first round, wall times are the median round. A last row runs a 1-cell
// `echo` config: the fixed cost of each command (start-up, config, store). The table is
// printed as markdown too, and saved beside the JSON as bench/results/promptfoo-compat.md.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compareCells, runFlywheelCli, runPromptfoo } from "../test/support/promptfoo-compat.js";
import type { CompatRun, CompatRunOptions } from "../test/support/promptfoo-compat.js";
import { interleave } from "./support/interleave.js";
import { reportBench, summarize } from "./support/results.js";
import type { BenchRow } from "./support/results.js";
import { startServerProcess } from "./support/server-process.js";
import { isModelGraded } from "../src/evals/assertions/model-graded-types.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STARTUP_ROUNDS = 10;
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = path.join(root, "test", "fixtures", "promptfoo-compat");
const resultsFile = path.join(root, "bench", "results", "promptfoo-compat.md");


const ECHO_CONFIG = `prompts:
  - "Hello {{name}}"
providers:
  - echo
tests:
  - vars:
      name: world
    assert:
      - type: contains
        value: world
`;

/** Agreement of one config's two runs. */
interface Agreement {
  cells: number;
  sameVerdict: number;
  same: number;
  deterministicCells: number;
  deterministicSame: number;
  flywheelCells: number;
}


/** Cells with promptfoo's verdict, and those also with its score and rendered prompt (cells are keyed by prompt). */
function sameCells(promptfoo: CompatRun, flywheel: CompatRun): { verdict: number; all: number } {
  const { agreed, differences } = compareCells(promptfoo, flywheel);
  return { verdict: agreed + differences.filter((difference) => difference.what === "score").length, all: agreed };
}

function agreement(promptfoo: CompatRun, flywheel: CompatRun): Agreement {
  const deterministic = new Set(promptfoo.cells.filter((cell) => !(cell.assertionTypes ?? []).some(isModelGraded)).map((cell) => cell.key));
  const deterministicOnly = (run: CompatRun) => ({ ...run, cells: run.cells.filter((cell) => deterministic.has(cell.key)) });
  const same = sameCells(promptfoo, flywheel);
  return {
    cells: promptfoo.cells.length,
    sameVerdict: same.verdict,
    same: same.all,
    deterministicCells: deterministic.size,
    deterministicSame: sameCells(deterministicOnly(promptfoo), deterministicOnly(flywheel)).verdict,
    flywheelCells: flywheel.cells.length,
  };
}

/** Runs both tools on one folder for `rounds` interleaved rounds. */
async function measure(options: CompatRunOptions, rounds: number): Promise<{ agreement: Agreement; promptfooMs: number[]; flywheelMs: number[]; promptfoo: CompatRun; flywheel: CompatRun }> {
  const runs = await interleave(rounds, { promptfoo: () => runPromptfoo(options), flywheel: () => runFlywheelCli(options) });
  const promptfoo = runs.promptfoo[0]!;
  const flywheel = runs.flywheel[0]!;
  return { agreement: agreement(promptfoo, flywheel), promptfooMs: runs.promptfoo.map((run) => run.wallMs), flywheelMs: runs.flywheel.map((run) => run.wallMs), promptfoo, flywheel };
}

const percent = (part: number, whole: number) => (whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

function markdown(rows: { feature: string; agreement: Agreement; promptfooMs: number; flywheelMs: number }[]): string {
  const lines = [
    "| config | cells | same verdict | same verdict, score and prompt | without model-graded assertions: same verdict | promptfoo s | Flywheel s |",
    "|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const { feature, agreement: a, promptfooMs, flywheelMs } of rows) {
    const extra = a.flywheelCells === a.cells ? "" : ` (Flywheel: ${a.flywheelCells})`;
    lines.push(`| ${feature} | ${a.cells}${extra} | ${a.sameVerdict} (${percent(a.sameVerdict, a.cells)}) | ${a.same} (${percent(a.same, a.cells)}) | ${a.deterministicSame} of ${a.deterministicCells} (${percent(a.deterministicSame, a.deterministicCells)}) | ${seconds(promptfooMs)} | ${seconds(flywheelMs)} |`);
  }
  return `${lines.join("\n")}\n`;
}

export async function run(): Promise<void> {
  const server = await startServerProcess();
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-promptfoo-compat-"));
  const env = { OPENAI_BASE_URL: server.openaiBaseURL, ANTHROPIC_BASE_URL: server.anthropicBaseURL, OPENAI_API_KEY: "bench-compat-key-0001", ANTHROPIC_API_KEY: "bench-compat-key-0002" };
  const loadBefore = loadavg()[0]!;
  try {
    cpSync(fixtures, folder, { recursive: true });
    const features = readdirSync(fixtures, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    const table: { feature: string; agreement: Agreement; promptfooMs: number; flywheelMs: number }[] = [];
    for (const feature of features) {
      const result = await measure({ folder: path.join(folder, feature), env, timeoutMs: 600_000 }, ROUNDS);
      table.push({ feature, agreement: result.agreement, promptfooMs: summarize(result.promptfooMs).p50, flywheelMs: summarize(result.flywheelMs).p50 });
      if (result.promptfoo.cells.length === 0) console.error(`${feature}: promptfoo produced no cells: ${result.promptfoo.messages.slice(-500)}`);
      if (result.flywheel.cells.length === 0) console.error(`${feature}: Flywheel produced no cells: ${result.flywheel.messages.slice(-500)}`);
    }
    const sum = (pick: (row: (typeof table)[number]) => number) => table.reduce((total, row) => total + pick(row), 0);
    const keys = ["cells", "sameVerdict", "same", "deterministicCells", "deterministicSame", "flywheelCells"] as const;
    const totals = { feature: "**total**", agreement: Object.fromEntries(keys.map((key) => [key, sum((row) => row.agreement[key])])) as unknown as Agreement, promptfooMs: sum((row) => row.promptfooMs), flywheelMs: sum((row) => row.flywheelMs) };
    const echoFolder = path.join(folder, "1-cell-echo");
    mkdirSync(echoFolder);
    writeFileSync(path.join(echoFolder, "promptfooconfig.yaml"), ECHO_CONFIG);
    const echo = await measure({ folder: echoFolder, env }, STARTUP_ROUNDS);
    const echoRow = { feature: "1-cell `echo` config (fixed cost)", agreement: echo.agreement, promptfooMs: summarize(echo.promptfooMs).p50, flywheelMs: summarize(echo.flywheelMs).p50 };
    const text = markdown([...table, totals, echoRow]);
    writeFileSync(resultsFile, text);
    console.log(`\n${text}`);
    const rows: BenchRow[] = [...table, totals, echoRow].map(({ feature, agreement: a, promptfooMs, flywheelMs }) => ({
      name: feature.replaceAll("*", ""),
      values: { cells: a.cells, "same verdict": a.sameVerdict, "same verdict, score, prompt": a.same, "no model-graded: cells": a.deterministicCells, "no model-graded: same verdict": a.deterministicSame, "promptfoo ms": promptfooMs, "flywheel ms": flywheelMs },
    }));
    reportBench({
      benchmark: "promptfoo-compat",
      setup: {
        rounds: ROUNDS,
        startupRounds: STARTUP_ROUNDS,
        measured: "both tools spawned as a user runs them (promptfoo eval --no-cache; flywheel eval --no-cache --no-resume), wall time from spawn to exit, median round; agreement from the first round",
        server: "in-repo protocol server in its own process, no added latency",
        cpus: cpus().length,
        loadAverageBefore: Number(loadBefore.toFixed(2)),
        loadAverageAfter: Number(loadavg()[0]!.toFixed(2)),
      },
      rows,
      ratios: {
        "cells with promptfoo's verdict": totals.agreement.cells === 0 ? 0 : totals.agreement.sameVerdict / totals.agreement.cells,
        "cells without model-graded assertions with promptfoo's verdict": totals.agreement.deterministicCells === 0 ? 0 : totals.agreement.deterministicSame / totals.agreement.deterministicCells,
        "wall time, flywheel / promptfoo": totals.flywheelMs / totals.promptfooMs,
      },
      targets: [
        { name: "cells without model-graded assertions with promptfoo's verdict", target: ">= 0.95", value: totals.agreement.deterministicSame / Math.max(1, totals.agreement.deterministicCells), met: totals.agreement.deterministicSame >= 0.95 * totals.agreement.deterministicCells },
        { name: "wall time, flywheel / promptfoo", target: "< 1", value: totals.flywheelMs / totals.promptfooMs, met: totals.flywheelMs < totals.promptfooMs },
      ],
    });
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
