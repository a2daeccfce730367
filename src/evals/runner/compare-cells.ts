import type { PlannedCell } from "./run-cell.js";

/** Orders cells by test, then variant, then repeat. */
export function compareCells(a: PlannedCell, b: PlannedCell): number {
  return a.testIndex - b.testIndex || a.variantIndex - b.variantIndex || a.repeatIndex - b.repeatIndex;
}
