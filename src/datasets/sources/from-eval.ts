import type { EvalRun } from "../../evals/index.js";
import { chatMessageSchema } from "../dataset-row.js";
import type { ChatMessage, DatasetRow } from "../dataset-row.js";

/** What `rowsFromEvalRun` read and skipped. */
export interface EvalSourceReport {
  cells: number;
  rows: number;
  skipped: { passed: number; errors: number; noExpected: number; noPrompt: number };
}

/**
 * Rows from a stored eval run: each cell's prompt (the test's conversation when it has
 * one, else the rendered prompt) with the reply the test expected (`vars.expected`), or,
 * for a cell that passed and names no expected reply, the output that passed. With
 * `failedOnly`, only cells that failed: the cases a model should learn.
 */
export function rowsFromEvalRun(run: EvalRun, options: { failedOnly?: boolean } = {}): { rows: DatasetRow[]; report: EvalSourceReport } {
  const report: EvalSourceReport = { cells: run.cells.length, rows: 0, skipped: { passed: 0, errors: 0, noExpected: 0, noPrompt: 0 } };
  const rows: DatasetRow[] = [];
  for (const cell of run.cells) {
    if (cell.status === "error") {
      report.skipped.errors += 1;
      continue;
    }
    if (options.failedOnly === true && cell.pass) {
      report.skipped.passed += 1;
      continue;
    }
    const test = run.suite.tests.find((item) => item.index === cell.testIndex);
    const vars = test?.vars ?? {};
    const prompt = promptOf(vars, cell.prompt);
    if (prompt === undefined) {
      report.skipped.noPrompt += 1;
      continue;
    }
    const expected = typeof vars.expected === "string" ? vars.expected : vars.expected !== undefined && vars.expected !== null ? JSON.stringify(vars.expected) : cell.pass ? cell.output : undefined;
    if (expected === undefined || expected === "") {
      report.skipped.noExpected += 1;
      continue;
    }
    rows.push({
      messages: [...prompt, { role: "assistant", content: expected }],
      metadata: {
        source: "eval",
        runId: run.runId,
        testIndex: cell.testIndex,
        variant: run.suite.variants.find((variant) => variant.index === cell.variantIndex)?.label ?? String(cell.variantIndex),
        status: cell.status,
        ...(cell.traceId === undefined ? {} : { traceId: cell.traceId }),
      },
    });
  }
  report.rows = rows.length;
  return { rows, report };
}

function promptOf(vars: Record<string, unknown>, rendered: string | undefined): ChatMessage[] | undefined {
  if (Array.isArray(vars.messages)) {
    const messages = vars.messages.map((message) => chatMessageSchema.safeParse(message));
    if (messages.every((message) => message.success)) return messages.map((message) => message.data!);
  }
  if (rendered !== undefined && rendered !== "") return [{ role: "user", content: rendered }];
  for (const name of ["question", "input", "prompt", "query"]) if (typeof vars[name] === "string" && vars[name] !== "") return [{ role: "user", content: vars[name] }];
  return undefined;
}
