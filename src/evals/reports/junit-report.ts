import { escapeXml } from "./escape-markup.js";
import type { EvalRun } from "../runner/eval-run.js";
import { testName } from "./report-format.js";

/**
 * JUnit XML, which CI systems display: one `<testsuite>` per variant, one `<testcase>`
 * per cell, `<failure>` for failed cells and `<error>` for errored ones.
 */
export function toJunitReport(run: EvalRun): string {
  const suites = run.suite.variants.map((variant) => {
    const cells = run.cells.filter((cell) => cell.variantIndex === variant.index);
    const failures = cells.filter((cell) => cell.status === "fail").length;
    const errors = cells.filter((cell) => cell.status === "error").length;
    const time = cells.reduce((sum, cell) => sum + cell.latencyMs, 0) / 1000;
    const cases = cells.map((cell) => {
      const name = `${cell.testIndex + 1}. ${testName(run, cell.testIndex, 120)}${run.suite.repeat > 1 ? ` (repeat ${cell.repeatIndex + 1})` : ""}`;
      const open = `    <testcase name="${escapeXml(name)}" classname="${escapeXml(variant.label)}" time="${(cell.latencyMs / 1000).toFixed(3)}"`;
      const output = `      <system-out>${escapeXml(cell.output)}${cell.traceId === undefined ? "" : `\ntrace: ${cell.traceId}`}</system-out>`;
      if (cell.status === "fail") return `${open}>\n      <failure message="${escapeXml(cell.reason)}" type="assertion">${escapeXml(cell.reason)}</failure>\n${output}\n    </testcase>`;
      if (cell.status === "error") return `${open}>\n      <error message="${escapeXml(cell.error ?? cell.reason)}" type="error">${escapeXml(cell.error ?? cell.reason)}</error>\n${output}\n    </testcase>`;
      return `${open}>\n${output}\n    </testcase>`;
    });
    return `  <testsuite name="${escapeXml(variant.label)}" tests="${cells.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const { totals } = run.statistics;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(run.name ?? `eval ${run.runId}`)}" tests="${totals.cells}" failures="${totals.failed}" errors="${totals.errors}">\n${suites.join("\n")}\n</testsuites>\n`;
}

