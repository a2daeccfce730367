import type { EvalSuite } from "../suite/eval-suite.js";
import type { PlannedCell } from "./run-cell.js";

/** Every cell of a suite, by test, then repeat, then variant: the order a run starts them in. */
export function planCells(suite: EvalSuite, tests: { fromTest: number; toTest: number } = { fromTest: 0, toTest: suite.tests.length }): PlannedCell[] {
  const cells: PlannedCell[] = [];
  for (const test of suite.tests.slice(tests.fromTest, tests.toTest)) {
    for (let repeatIndex = 0; repeatIndex < suite.repeat; repeatIndex += 1) {
      for (const variant of suite.variants) cells.push({ testIndex: test.index, variantIndex: variant.index, repeatIndex });
    }
  }
  return cells;
}

/** A cell's unique key within its run: `test:variant:repeat`. */
export function cellKey(cell: PlannedCell): string {
  return `${cell.testIndex}:${cell.variantIndex}:${cell.repeatIndex}`;
}
