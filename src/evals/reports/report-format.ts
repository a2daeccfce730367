import type { Interval } from "../stats/bootstrap-interval.js";
import type { EvalRun } from "../runner/eval-run.js";

/** `0.83 [0.71, 0.92]`. */
export function formatInterval(interval: Interval, digits = 2): string {
  if (Number.isNaN(interval.estimate)) return "-";
  return `${interval.estimate.toFixed(digits)} [${interval.low.toFixed(digits)}, ${interval.high.toFixed(digits)}]`;
}

/** `83% [71%, 92%]`. */
export function formatPercentInterval(interval: Interval): string {
  if (Number.isNaN(interval.estimate)) return "-";
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  return `${percent(interval.estimate)} [${percent(interval.low)}, ${percent(interval.high)}]`;
}

/** A p-value for people: `p=0.032`, `p<0.001`. */
export function formatP(p: number): string {
  if (Number.isNaN(p)) return "p=-";
  return p < 0.001 ? "p<0.001" : `p=${p.toFixed(3)}`;
}

/** A test's one-line name: its description, else its vars. */
export function testName(run: EvalRun, testIndex: number, width = 48): string {
  const test = run.suite.tests[testIndex];
  const text = test?.description ?? (test === undefined ? `test ${testIndex + 1}` : Object.entries(test.vars).map(([name, value]) => `${name}=${typeof value === "string" ? value : JSON.stringify(value)}`).join(" "));
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** The note every report carries when a small embedded model grades outputs. */
export function graderNote(run: EvalRun): string | undefined {
  const weak = run.suite.graders.filter((grader) => grader.startsWith("local:"));
  if (weak.length === 0) return undefined;
  return `model-graded assertions were graded by ${weak.join(", ")}, a tiny embedded model: its verdicts are weak evidence. Use a stronger grader (grader: openai:gpt-4o-mini, or provider: on the assertion) before trusting them.`;
}
