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
      const open = `    <testcase name="${escape(name)}" classname="${escape(variant.label)}" time="${(cell.latencyMs / 1000).toFixed(3)}"`;
      const output = `      <system-out>${escape(cell.output)}${cell.traceId === undefined ? "" : `\ntrace: ${cell.traceId}`}</system-out>`;
      if (cell.status === "fail") return `${open}>\n      <failure message="${escape(cell.reason)}" type="assertion">${escape(cell.reason)}</failure>\n${output}\n    </testcase>`;
      if (cell.status === "error") return `${open}>\n      <error message="${escape(cell.error ?? cell.reason)}" type="error">${escape(cell.error ?? cell.reason)}</error>\n${output}\n    </testcase>`;
      return `${open}>\n${output}\n    </testcase>`;
    });
    return `  <testsuite name="${escape(variant.label)}" tests="${cells.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  const { totals } = run.statistics;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escape(run.name ?? `eval ${run.runId}`)}" tests="${totals.cells}" failures="${totals.failed}" errors="${totals.errors}">\n${suites.join("\n")}\n</testsuites>\n`;
}

function escape(text: string): string {
  // Characters XML 1.0 forbids are dropped; the five special ones are escaped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
