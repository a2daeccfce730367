import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { runEvalSuite } from "../../src/evals/index.js";
import type { JsonReport } from "../../src/evals/index.js";
import { mapProviderId } from "../../src/evals/suite/map-provider-id.js";
import type { Flywheel } from "../../src/runtime/index.js";

// Runs one promptfoo config through promptfoo itself and through Flywheel, and puts both
// results in one shape, cell by cell, so a test or the bench can compare verdicts, scores
// and rendered prompts. Cells are matched by test index, provider and rendered prompt,
// not by column index: the two tools order their columns differently.

const root = path.join(import.meta.dirname, "..", "..");
const promptfooEntry = path.join(root, "node_modules", "promptfoo", "dist", "src", "entrypoint.js");
const flywheelLauncher = path.join(root, "bin", "flywheel.js");

/** One cell of either tool, in a shape both share. */
export interface CompatCell {
  /** `testIdx|provider|rendered prompt` (with `#n` for repeats of the same key). */
  key: string;
  testIndex: number;
  provider: string;
  /** The rendered prompt, JSON normalised. */
  prompt: string;
  pass: boolean;
  score: number;
  output: string;
  namedScores: Record<string, number>;
  /** The assertion types of the cell's test, `defaultTest`'s included (promptfoo's runs only). */
  assertionTypes?: string[];
}

/** One column (prompt x provider) of either tool. */
export interface CompatColumn {
  provider: string;
  /** The prompt template as written (or its label). */
  prompt: string;
  /** Named metric totals over the column's cells (promptfoo sums them). */
  namedScores: Record<string, number>;
  /** Derived metrics, when the config declares any. */
  derivedMetrics: Record<string, number>;
}

/** What one tool produced on one config. */
export interface CompatRun {
  cells: CompatCell[];
  columns: CompatColumn[];
  /** Exit code of the command, or undefined (Flywheel in-process). */
  code: number | null | undefined;
  /** Anything the tool said on stderr, or its warnings. */
  messages: string;
  wallMs: number;
}

/** Options for both runners. */
export interface CompatRunOptions {
  /** Folder holding the config and its files. */
  folder: string;
  /** Config file name inside the folder (default promptfooconfig.yaml). */
  config?: string;
  /** Extra environment for promptfoo (base URLs and keys of the protocol server). */
  env?: Record<string, string>;
  /** Kill promptfoo after this many ms (default 60000). */
  timeoutMs?: number;
}

/** Normalises a provider id or label the way both tools name it. */
export function providerKey(idOrLabel: string): string {
  const mapped = mapProviderId(idOrLabel);
  return mapped.kind === "model" ? mapped.modelId : idOrLabel;
}

/** Normalises a rendered prompt: JSON chat prompts are re-serialised without spacing. */
export function promptKey(prompt: string): string {
  const trimmed = prompt.trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    try {
      return JSON.stringify(JSON.parse(trimmed));
    } catch {
      return trimmed;
    }
  }
  return trimmed;
}

function keyed<T extends Omit<CompatCell, "key">>(cells: T[]): (T & { key: string })[] {
  const seen = new Map<string, number>();
  return cells.map((cell) => {
    const base = `${cell.testIndex}|${cell.provider}|${cell.prompt}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { ...cell, key: count === 1 ? base : `${base}#${count}` };
  });
}

interface PromptfooOutput {
  results: {
    prompts: { raw: string; label: string; provider: string; metrics?: { namedScores?: Record<string, number>; derivedMetrics?: Record<string, number> } }[];
    results: { testIdx: number; promptIdx: number; success: boolean; score: number; prompt: { raw: string }; provider: { id: string; label?: string }; response?: { output?: unknown }; namedScores?: Record<string, number>; testCase?: { assert?: PromptfooAssertion[] } }[];
  };
}

interface PromptfooAssertion {
  type: string;
  assert?: PromptfooAssertion[];
}

/** Assertion types, with those inside an `assert-set` listed too. */
function assertionTypes(assertions: PromptfooAssertion[]): string[] {
  return assertions.flatMap((assertion) => [assertion.type, ...assertionTypes(assertion.assert ?? [])]);
}

/** Runs promptfoo 0.123 (the dev dependency) on a config, against whatever `env` points it at. */
export function runPromptfoo(options: CompatRunOptions): Promise<CompatRun> {
  const output = path.join(options.folder, `promptfoo-output-${process.pid}-${Date.now()}.json`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // promptfoo needs Node 22: npm scripts put the project's own Node first, which is process.execPath here.
    const child = spawn(process.execPath, [promptfooEntry, "eval", "-c", options.config ?? "promptfooconfig.yaml", "-o", output, "--no-cache", "--no-progress-bar", "--no-table", "--no-write"], {
      cwd: options.folder,
      env: {
        PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
        HOME: options.folder,
        PROMPTFOO_DISABLE_TELEMETRY: "1",
        PROMPTFOO_DISABLE_UPDATE: "1",
        PROMPTFOO_CONFIG_DIR: path.join(options.folder, ".promptfoo"),
        ...options.env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let parsed: PromptfooOutput;
      try {
        parsed = JSON.parse(readFileSync(output, "utf8")) as PromptfooOutput;
      } catch {
        resolve({ cells: [], columns: [], code, messages: stderr, wallMs });
        return;
      }
      const cells = parsed.results.results.map((result) => ({
        testIndex: result.testIdx,
        provider: providerKey(result.provider.label || result.provider.id),
        prompt: promptKey(result.prompt.raw),
        pass: result.success,
        score: result.score,
        output: typeof result.response?.output === "string" ? result.response.output : (JSON.stringify(result.response?.output) ?? ""),
        namedScores: result.namedScores ?? {},
        assertionTypes: assertionTypes(result.testCase?.assert ?? []),
      }));
      const columns = parsed.results.prompts.map((prompt) => ({
        provider: providerKey(prompt.provider),
        prompt: prompt.label || prompt.raw,
        namedScores: prompt.metrics?.namedScores ?? {},
        derivedMetrics: prompt.metrics?.derivedMetrics ?? {},
      }));
      resolve({ cells: keyed(cells), columns, code, messages: stderr, wallMs });
    });
  });
}

/** Runs the same config through Flywheel's eval runner in this process (no cache, no resume). */
export async function runFlywheel(flywheel: Flywheel, options: CompatRunOptions): Promise<CompatRun> {
  const started = performance.now();
  const result = await runEvalSuite(flywheel, { file: path.join(options.folder, options.config ?? "promptfooconfig.yaml"), cache: false, resume: false });
  const { suite, run } = result;
  const variantProvider = (index: number) => {
    const target = suite.targets[suite.variants[index]!.targetIndex]!;
    return providerKey(target.label !== target.id ? target.label : target.id);
  };
  const cells = run.cells.map((cell) => ({
    testIndex: cell.testIndex,
    provider: variantProvider(cell.variantIndex),
    prompt: promptKey(cell.prompt ?? ""),
    pass: cell.pass,
    score: cell.score,
    output: cell.output,
    namedScores: cell.namedScores,
  }));
  const columns = suite.variants.map((variant) => {
    const statistics = run.statistics.variants.find((item) => item.variantIndex === variant.index);
    const derivedMetrics = statistics?.derivedMetrics ?? {};
    const prompt = variant.promptIndex === undefined ? "" : suite.prompts[variant.promptIndex]!.label;
    // promptfoo lists derived metrics among the column's named scores.
    return { provider: variantProvider(variant.index), prompt, namedScores: { ...statistics?.namedScores, ...derivedMetrics }, derivedMetrics };
  });
  return { cells: keyed(cells), columns, code: undefined, messages: suite.warnings.join("\n"), wallMs: performance.now() - started };
}

/** Runs the same config through the built `flywheel eval` command, as a user runs it: a new run, no response cache, a JSON report. */
export function runFlywheelCli(options: CompatRunOptions): Promise<CompatRun> {
  const output = path.join(options.folder, `flywheel-output-${process.pid}-${Date.now()}.json`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [flywheelLauncher, "eval", "-c", options.config ?? "promptfooconfig.yaml", "-o", output, "--no-cache", "--no-resume", "--no-table"], {
      cwd: options.folder,
      env: {
        PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ""}`,
        HOME: process.env.HOME ?? options.folder,
        NO_COLOR: "1",
        // Embedded models (a grader without a key) come from the shared model home.
        ...(process.env.FLYWHEEL_HOME === undefined ? {} : { FLYWHEEL_HOME: process.env.FLYWHEEL_HOME }),
        ...options.env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      let run: Pick<CompatRun, "cells" | "columns">;
      try {
        run = readFlywheelJson(output);
      } catch {
        run = { cells: [], columns: [] };
      }
      resolve({ ...run, code, messages: stderr, wallMs });
    });
  });
}

/** Reads a report that `flywheel eval -o <file>.json` wrote, in the shape `compareCells` takes. */
export function readFlywheelJson(file: string): Pick<CompatRun, "cells" | "columns"> {
  const report = JSON.parse(readFileSync(file, "utf8")) as JsonReport;
  const variants = report.suite.variants;
  // The snapshot's `target` is the target's label, which is its id unless the config set one.
  const provider = (index: number) => providerKey(variants[index]!.target);
  const cells = report.results.map((result) => ({
    testIndex: result.testIndex,
    provider: provider(result.variantIndex),
    prompt: promptKey(result.prompt ?? ""),
    pass: result.pass,
    score: result.score,
    output: result.output,
    namedScores: result.namedScores,
  }));
  const columns = variants.map((variant) => {
    const namedScores: Record<string, number> = {};
    for (const result of report.results.filter((item) => item.variantIndex === variant.index)) {
      for (const [name, value] of Object.entries(result.namedScores)) namedScores[name] = (namedScores[name] ?? 0) + value;
    }
    return { provider: provider(variant.index), prompt: variant.prompt ?? "", namedScores, derivedMetrics: {} };
  });
  return { cells: keyed(cells), columns };
}

/** One disagreement between the tools on a cell. */
export interface CellDifference {
  key: string;
  what: "missing in Flywheel" | "missing in promptfoo" | "verdict" | "score";
  promptfoo?: string;
  flywheel?: string;
}

/** Cells compared: the ones both tools produced with the same verdict (and score within `tolerance`), and every difference. */
export function compareCells(promptfoo: CompatRun, flywheel: CompatRun, tolerance = 1e-3): { agreed: number; total: number; differences: CellDifference[] } {
  const ours = new Map(flywheel.cells.map((cell) => [cell.key, cell]));
  const differences: CellDifference[] = [];
  let agreed = 0;
  for (const cell of promptfoo.cells) {
    const mine = ours.get(cell.key);
    ours.delete(cell.key);
    if (mine === undefined) differences.push({ key: cell.key, what: "missing in Flywheel", promptfoo: `${cell.pass} ${cell.score}` });
    else if (mine.pass !== cell.pass) differences.push({ key: cell.key, what: "verdict", promptfoo: `${cell.pass} (${cell.output.slice(0, 80)})`, flywheel: `${mine.pass} (${mine.output.slice(0, 80)})` });
    else if (Math.abs(mine.score - cell.score) > tolerance) differences.push({ key: cell.key, what: "score", promptfoo: String(cell.score), flywheel: String(mine.score) });
    else agreed += 1;
  }
  for (const cell of ours.values()) differences.push({ key: cell.key, what: "missing in promptfoo", flywheel: `${cell.pass} ${cell.score}` });
  return { agreed, total: promptfoo.cells.length + ours.size, differences };
}
