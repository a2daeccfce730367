import type { EvalSuite } from "../suite/eval-suite.js";
import type { CellResult } from "./cell-result.js";
import type { PlannedCell } from "./run-cell.js";

/** True when some test keeps its output for later tests (`storeOutputAs`): its cells must run one at a time, in order. */
export function usesStoredOutputs(suite: EvalSuite): boolean {
  return suite.tests.some((test) => test.storeOutputAs !== undefined);
}

/**
 * The outputs finished cells stored, for a resumed run: cells run one at a time, so the
 * finished ones are the first cells of the plan, replayed here in that order (an output
 * that was an object comes back as its JSON text).
 */
export function storedOutputsOf(suite: EvalSuite, plan: PlannedCell[], done: Map<string, CellResult>, keyOf: (cell: PlannedCell) => string): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  for (const cell of plan) {
    const name = suite.tests[cell.testIndex]!.storeOutputAs;
    const finished = done.get(keyOf(cell));
    if (name !== undefined && finished !== undefined && finished.output !== "") stored[name] = finished.output;
  }
  return stored;
}
