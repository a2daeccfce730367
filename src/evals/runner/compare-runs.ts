import type { Flywheel } from "../../runtime/index.js";
import { stableJson } from "../suite/suite-hash.js";
import { mcnemarTest } from "../stats/mcnemar-test.js";
import type { McNemarResult } from "../stats/mcnemar-test.js";
import { pairedBootstrap } from "../stats/paired-bootstrap.js";
import type { PairedBootstrapResult } from "../stats/paired-bootstrap.js";
import { seededRandom } from "../stats/seeded-random.js";
import type { CellResult } from "./cell-result.js";
import type { EvalRun } from "./eval-run.js";
import { getEvalRun } from "./stored-runs.js";

/** One variant (matched by label) in two runs. */
export interface VariantChange {
  label: string;
  /** Tests present in both runs for this variant (matched by description and vars). */
  tests: number;
  passRateA: number;
  passRateB: number;
  /** B - A. */
  passRateDelta: number;
  /** Paired bootstrap on per-test mean scores, B - A. */
  scoreDifference: PairedBootstrapResult;
  /** McNemar: `aOnly` passed only in A (regressions), `bOnly` passed only in B (improvements). */
  passFail: McNemarResult;
  significant: boolean;
  /** Tests that passed in A and fail in B. */
  regressions: { testIndex: number; description?: string }[];
  /** Tests that failed in A and pass in B. */
  improvements: { testIndex: number; description?: string }[];
}

/** Two runs compared variant by variant. */
export interface RunComparison {
  runA: EvalRun;
  runB: EvalRun;
  variants: VariantChange[];
  /** Labels found in only one run. */
  onlyInA: string[];
  onlyInB: string[];
}

/**
 * Compares two stored runs (a baseline A and a candidate B): variants matched by label,
 * tests by description and vars, cells by repeat. For each variant: the pass-rate
 * change, a paired bootstrap on scores and McNemar's test on pass/fail, and the tests
 * that regressed or improved.
 */
export async function compareEvalRuns(flywheel: Flywheel, runA: string, runB: string): Promise<RunComparison> {
  return compareRuns(await getEvalRun(flywheel, runA), await getEvalRun(flywheel, runB));
}

/** Compares two runs already loaded. */
export function compareRuns(runA: EvalRun, runB: EvalRun): RunComparison {
  const labelsA = runA.suite.variants.map((variant) => variant.label);
  const labelsB = runB.suite.variants.map((variant) => variant.label);
  const random = seededRandom(runB.suite.seed);
  const keysA = testKeys(runA);
  const keysB = testKeys(runB);
  const variants = labelsA.filter((label) => labelsB.includes(label)).map((label): VariantChange => {
    const cellsA = byTestKey(runA, labelsA.indexOf(label), keysA);
    const cellsB = byTestKey(runB, labelsB.indexOf(label), keysB);
    const common = [...cellsA.keys()].filter((key) => cellsB.has(key));
    const differences = common.map((key) => meanScore(cellsB.get(key)!) - meanScore(cellsA.get(key)!));
    let aOnly = 0;
    let bOnly = 0;
    const regressions: VariantChange["regressions"] = [];
    const improvements: VariantChange["improvements"] = [];
    for (const key of common) {
      const listA = cellsA.get(key)!;
      const listB = new Map(cellsB.get(key)!.map((cell) => [cell.repeatIndex, cell]));
      for (const cellA of listA) {
        const cellB = listB.get(cellA.repeatIndex);
        if (cellB === undefined) continue;
        if (cellA.pass && !cellB.pass) aOnly += 1;
        if (!cellA.pass && cellB.pass) bOnly += 1;
      }
      const passedA = listA.every((cell) => cell.pass);
      const passedB = [...listB.values()].every((cell) => cell.pass);
      const testIndex = cellsB.get(key)![0]!.testIndex;
      const description = runB.suite.tests[testIndex]?.description;
      if (passedA && !passedB) regressions.push({ testIndex, description });
      if (!passedA && passedB) improvements.push({ testIndex, description });
    }
    const passRate = (cells: Map<string, CellResult[]>) => {
      const list = common.flatMap((key) => cells.get(key)!);
      return list.length === 0 ? Number.NaN : list.filter((cell) => cell.pass).length / list.length;
    };
    const scoreDifference = pairedBootstrap(differences, { random });
    const passFail = mcnemarTest(aOnly, bOnly);
    const passRateA = passRate(cellsA);
    const passRateB = passRate(cellsB);
    return { label, tests: common.length, passRateA, passRateB, passRateDelta: passRateB - passRateA, scoreDifference, passFail, significant: scoreDifference.pValue < 0.05 || passFail.pValue < 0.05, regressions, improvements };
  });
  return { runA, runB, variants, onlyInA: labelsA.filter((label) => !labelsB.includes(label)), onlyInB: labelsB.filter((label) => !labelsA.includes(label)) };
}

function testKeys(run: EvalRun): string[] {
  const seen = new Map<string, number>();
  return run.suite.tests.map((test) => {
    const base = stableJson({ description: test.description, vars: test.vars });
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return `${base}#${count}`;
  });
}

function byTestKey(run: EvalRun, variantIndex: number, keys: string[]): Map<string, CellResult[]> {
  const map = new Map<string, CellResult[]>();
  for (const cell of run.cells) {
    if (cell.variantIndex !== variantIndex) continue;
    const key = keys[cell.testIndex]!;
    const list = map.get(key);
    if (list === undefined) map.set(key, [cell]);
    else list.push(cell);
  }
  return map;
}

function meanScore(cells: CellResult[]): number {
  return cells.reduce((sum, cell) => sum + (cell.status === "error" ? 0 : cell.score), 0) / cells.length;
}
