import type { EvalRun } from "./eval-run.js";

/** Options for `evaluateGates`. */
export interface GateOptions {
  /** Fail when the run's pass rate (passed cells / all cells) is under this (0..1). */
  failUnder?: number;
  /** A baseline run to compare with. */
  baseline?: EvalRun;
  /** Largest allowed fall in pass rate from the baseline (0..1, default 0). */
  maxRegression?: number;
}

/** What CI should do with a run. */
export interface GateResult {
  /** 0 when the gates hold (or, without gates, when every cell passed), else 1. */
  exitCode: 0 | 1;
  /** One line per gate or failure, for the log. */
  reasons: string[];
}

/**
 * Decides the exit code for CI. Without gates: 0 only when every cell passed (errors
 * count as failures), like promptfoo. With `--fail-under` and/or `--baseline`: 0 when
 * every gate given holds, whatever single cells did; each gate adds a one-line reason.
 */
export function evaluateGates(run: EvalRun, options: GateOptions = {}): GateResult {
  const { totals } = run.statistics;
  const passRate = totals.cells === 0 ? 0 : totals.passed / totals.cells;
  const reasons: string[] = [];
  let failed = false;
  const gated = options.failUnder !== undefined || options.baseline !== undefined;
  if (!gated) {
    if (totals.failed + totals.errors > 0) {
      failed = true;
      reasons.push(`${totals.failed} of ${totals.cells} cells failed${totals.errors > 0 ? ` and ${totals.errors} errored` : ""}`);
    } else reasons.push(`all ${totals.cells} cells passed`);
  }
  if (options.failUnder !== undefined) {
    const holds = passRate >= options.failUnder;
    failed ||= !holds;
    reasons.push(`gate ${holds ? "passed" : "failed"}: pass rate ${format(passRate)} is ${holds ? "at least" : "under"} --fail-under ${format(options.failUnder)}`);
  }
  if (options.baseline !== undefined) {
    const base = options.baseline.statistics.totals;
    const baseRate = base.cells === 0 ? 0 : base.passed / base.cells;
    const allowed = options.maxRegression ?? 0;
    const fall = baseRate - passRate;
    const holds = fall <= allowed + 1e-12;
    failed ||= !holds;
    reasons.push(
      `gate ${holds ? "passed" : "failed"}: pass rate ${format(passRate)} vs ${format(baseRate)} in baseline ${options.baseline.runId.slice(0, 12)} (${fall > 0 ? `fell ${format(fall)}` : `rose ${format(-fall)}`}; allowed fall ${format(allowed)})`,
    );
  }
  return { exitCode: failed ? 1 : 0, reasons };
}

function format(rate: number): string {
  return rate.toFixed(3).replace(/0+$/, "").replace(/\.$/, ".0");
}
