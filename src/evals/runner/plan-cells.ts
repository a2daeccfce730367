import type { EvalSuite } from "../suite/eval-suite.js";
import type { PlannedCell } from "./run-cell.js";
import { usesStoredOutputs } from "./stored-outputs.js";

/**
 * Every cell of a suite, by test, then repeat, then variant: the order a run starts them in.
 * When tests store outputs for later tests, variants go by target, then prompt, the order
 * promptfoo runs them in, so the same cell's output is the one a later test reads.
 */
export function planCells(suite: EvalSuite, tests: { fromTest: number; toTest: number } = { fromTest: 0, toTest: suite.tests.length }): PlannedCell[] {
  const cells: PlannedCell[] = [];
  const variants = usesStoredOutputs(suite) ? [...suite.variants].sort((a, b) => a.targetIndex - b.targetIndex || (a.promptIndex ?? 0) - (b.promptIndex ?? 0)) : suite.variants;
  for (const test of suite.tests.slice(tests.fromTest, tests.toTest)) {
    for (let repeatIndex = 0; repeatIndex < suite.repeat; repeatIndex += 1) {
      for (const variant of variants) cells.push({ testIndex: test.index, variantIndex: variant.index, repeatIndex });
    }
  }
  return cells;
}

/** A cell's unique key within its run: `test:variant:repeat`. */
export function cellKey(cell: PlannedCell): string {
  return `${cell.testIndex}:${cell.variantIndex}:${cell.repeatIndex}`;
}
