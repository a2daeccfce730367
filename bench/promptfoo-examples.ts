// promptfoo's own example configs, unchanged, through promptfoo 0.123.1 and through the built
// `flywheel eval`, both against the in-repo protocol server (models echo the prompt): a
// held-out measure of compatibility, since these configs were not written for Flywheel.
// Needs a promptfoo checkout, named by PROMPTFOO_CHECKOUT: a work tree (its examples/ folder
// is copied) or a git directory (each example is exported with `git archive`). Without one it
// prints "skipped: …"; it never uses the network. Only examples that need no cloud service
// beyond an OpenAI- or Anthropic-compatible chat API are listed. One row per example: cells
// (promptfoo), cells with promptfoo's verdict, the same among cells whose test has no
// model-graded assertion, what Flywheel did when it ran no cells (refused with exit 2 and
// its one-line message, or ran 0 / failed), and both wall times. Saved as markdown beside the
// JSON in bench/results/promptfoo-examples.md.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compareCells, runFlywheelCli, runPromptfoo } from "../test/support/promptfoo-compat.js";
import type { CompatRun } from "../test/support/promptfoo-compat.js";
import { reportBench } from "./support/results.js";
import type { BenchRow } from "./support/results.js";
import { startServerProcess } from "./support/server-process.js";
import { isModelGraded } from "../src/evals/assertions/model-graded-types.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const resultsFile = path.join(root, "bench", "results", "promptfoo-examples.md");

// Folders under examples/ (and their config file when it is not promptfooconfig.yaml).
const EXAMPLES: { folder: string; config?: string }[] = [
  { folder: "getting-started" },
  { folder: "simple-test" },
  { folder: "simple-csv" },
  { folder: "json-output" },
  { folder: "claude-vs-gpt" },
  { folder: "gpt-4o-vs-4o-mini" },
  { folder: "javascript-assert-external" },
  { folder: "nunjucks-custom-filters" },
  { folder: "openai-structured-output", config: "promptfooconfig.chat.yaml" },
];



/** One example's outcome. */
interface Row {
  example: string;
  cells: number;
  flywheelCells: number;
  sameVerdict: number;
  deterministicCells: number;
  deterministicSame: number;
  /** What Flywheel did when it produced no cells: its exit code and first error line. */
  flywheelOutcome: string;
  promptfooMs: number;
  flywheelMs: number;
}

/** Cells with promptfoo's verdict (a score difference alone keeps it; cells are keyed by rendered prompt, so a prompt difference loses it). */
function sameVerdict(promptfoo: CompatRun, flywheel: CompatRun): number {
  const { agreed, differences } = compareCells(promptfoo, flywheel);
  return agreed + differences.filter((difference) => difference.what === "score").length;
}

function outcome(flywheel: CompatRun, folder: string): string {
  if (flywheel.cells.length > 0) return flywheel.code === 0 || flywheel.code === 1 ? "ran" : `ran, exit ${flywheel.code}`;
  const messages = flywheel.messages.replaceAll(`${folder}${path.sep}`, "");
  const error = messages.split("\n").find((line) => line.startsWith("error:")) ?? messages.trim().split("\n")[0] ?? "";
  if (flywheel.code === 2) return `refused: ${error}`;
  if (flywheel.code === 0) return "ran 0 cells, exit 0";
  return `failed, exit ${flywheel.code}: ${error}`;
}

function row(example: string, promptfoo: CompatRun, flywheel: CompatRun, folder: string): Row {
  const deterministic = new Set(promptfoo.cells.filter((cell) => !(cell.assertionTypes ?? []).some(isModelGraded)).map((cell) => cell.key));
  const only = (run: CompatRun) => ({ ...run, cells: run.cells.filter((cell) => deterministic.has(cell.key)) });
  return {
    example,
    cells: promptfoo.cells.length,
    flywheelCells: flywheel.cells.length,
    sameVerdict: sameVerdict(promptfoo, flywheel),
    deterministicCells: deterministic.size,
    deterministicSame: sameVerdict(only(promptfoo), only(flywheel)),
    flywheelOutcome: outcome(flywheel, folder),
    promptfooMs: promptfoo.wallMs,
    flywheelMs: flywheel.wallMs,
  };
}

/** Puts `examples/<folder>` of the checkout into `target`. */
function exportExample(checkout: string, folder: string, target: string): void {
  const source = path.join(checkout, "examples", folder);
  if (existsSync(path.join(checkout, "examples"))) {
    cpSync(source, target, { recursive: true });
    return;
  }
  mkdirSync(target, { recursive: true });
  const archive = execFileSync("git", ["--git-dir", checkout, "archive", "HEAD", `examples/${folder}`], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync("tar", ["-x", "--strip-components", "2", "-C", target], { input: archive });
}

const percent = (part: number, whole: number) => (whole === 0 ? "-" : `${((100 * part) / whole).toFixed(0)}%`);
const seconds = (ms: number) => (ms / 1000).toFixed(1);

function markdown(rows: Row[]): string {
  const lines = [
    "| example | cells (promptfoo) | same verdict | without model-graded assertions: same verdict | Flywheel | promptfoo s | Flywheel s |",
    "|---|---:|---:|---:|---|---:|---:|",
  ];
  for (const r of rows) {
    const extra = r.flywheelCells === r.cells ? "" : ` (Flywheel: ${r.flywheelCells})`;
    const said = r.flywheelOutcome.replaceAll("|", "\\|").slice(0, 200);
    lines.push(`| ${r.example} | ${r.cells}${extra} | ${r.sameVerdict} (${percent(r.sameVerdict, r.cells)}) | ${r.deterministicSame} of ${r.deterministicCells} (${percent(r.deterministicSame, r.deterministicCells)}) | ${said} | ${seconds(r.promptfooMs)} | ${seconds(r.flywheelMs)} |`);
  }
  return `${lines.join("\n")}\n`;
}

export async function run(): Promise<void> {
  const checkout = process.env.PROMPTFOO_CHECKOUT;
  if (checkout === undefined || !existsSync(checkout)) {
    console.log("skipped: promptfoo-examples needs PROMPTFOO_CHECKOUT, the path of a promptfoo work tree or git directory");
    return;
  }
  const only = process.env.PROMPTFOO_EXAMPLES?.split(",");
  const server = await startServerProcess();
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-promptfoo-examples-"));
  const env = { OPENAI_BASE_URL: server.openaiBaseURL, ANTHROPIC_BASE_URL: server.anthropicBaseURL, OPENAI_API_KEY: "bench-examples-key-0001", ANTHROPIC_API_KEY: "bench-examples-key-0002" };
  const loadBefore = loadavg()[0]!;
  const rows: Row[] = [];
  try {
    for (const example of EXAMPLES.filter((item) => only === undefined || only.includes(item.folder))) {
      const name = example.config === undefined ? example.folder : `${example.folder}/${example.config}`;
      const options = { config: example.config, env, timeoutMs: 300_000 };
      const promptfooFolder = path.join(folder, "promptfoo", example.folder);
      const flywheelFolder = path.join(folder, "flywheel", example.folder);
      exportExample(checkout, example.folder, promptfooFolder);
      exportExample(checkout, example.folder, flywheelFolder);
      const promptfoo = await runPromptfoo({ ...options, folder: promptfooFolder });
      const flywheel = await runFlywheelCli({ ...options, folder: flywheelFolder });
      const result = row(name, promptfoo, flywheel, flywheelFolder);
      rows.push(result);
      const promptfooSaid = promptfoo.cells.length === 0 ? `; promptfoo ran no cells (exit ${promptfoo.code}): ${promptfoo.messages.trim().split("\n").slice(-3).join(" / ").slice(0, 300)}` : "";
      console.error(`${name}: ${result.sameVerdict}/${result.cells} same verdict; Flywheel ${result.flywheelOutcome}${promptfooSaid}`);
    }
    const sum = (pick: (r: Row) => number) => rows.reduce((total, r) => total + pick(r), 0);
    const totals: Row = {
      example: "**total**",
      cells: sum((r) => r.cells),
      flywheelCells: sum((r) => r.flywheelCells),
      sameVerdict: sum((r) => r.sameVerdict),
      deterministicCells: sum((r) => r.deterministicCells),
      deterministicSame: sum((r) => r.deterministicSame),
      flywheelOutcome: `${rows.filter((r) => r.flywheelOutcome.startsWith("refused")).length} refused, ${rows.filter((r) => r.flywheelOutcome.startsWith("ran 0") || r.flywheelOutcome.startsWith("failed")).length} ran 0 or failed`,
      promptfooMs: sum((r) => r.promptfooMs),
      flywheelMs: sum((r) => r.flywheelMs),
    };
    const text = markdown([...rows, totals]);
    writeFileSync(resultsFile, text);
    console.log(`\n${text}`);
    const benchRows: BenchRow[] = [...rows, totals].map((r) => ({
      name: r.example.replaceAll("*", ""),
      values: { cells: r.cells, "flywheel cells": r.flywheelCells, "same verdict": r.sameVerdict, "no model-graded: cells": r.deterministicCells, "no model-graded: same verdict": r.deterministicSame, "promptfoo ms": Math.round(r.promptfooMs), "flywheel ms": Math.round(r.flywheelMs) },
    }));
    reportBench({
      benchmark: "promptfoo-examples",
      setup: {
        measured: "promptfoo's example configs, unchanged; both tools spawned once each as a user runs them (promptfoo eval --no-cache; flywheel eval --no-cache --no-resume) against the in-repo protocol server (models echo)",
        examples: rows.length,
        cpus: cpus().length,
        loadAverageBefore: Number(loadBefore.toFixed(2)),
        loadAverageAfter: Number(loadavg()[0]!.toFixed(2)),
      },
      rows: benchRows,
      ratios: {
        "cells with promptfoo's verdict": totals.sameVerdict / Math.max(1, totals.cells),
        "cells without model-graded assertions with promptfoo's verdict": totals.deterministicSame / Math.max(1, totals.deterministicCells),
      },
    });
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
