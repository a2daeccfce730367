import { escapeHtml } from "./escape-markup.js";
import type { EvalRun } from "../runner/eval-run.js";
import { htmlReportScript } from "./html-report-script.js";
import { htmlReportStyle } from "./html-report-style.js";
import { graderNote } from "./report-format.js";

/**
 * One self-contained HTML file (no network, no external files): the statistics with
 * confidence-interval bars, the paired comparisons, flaky cells, and the side-by-side
 * matrix of outputs with filters and word diffs against a chosen variant.
 */
export function toHtmlReport(run: EvalRun): string {
  const data = {
    variants: run.suite.variants,
    tests: run.suite.tests.map((test) => ({ index: test.index, description: test.description, vars: test.vars })),
    cells: run.cells.map((cell) => ({
      t: cell.testIndex,
      v: cell.variantIndex,
      r: cell.repeatIndex,
      s: cell.status,
      sc: cell.score,
      o: cell.output,
      re: cell.reason,
      tr: cell.traceId ?? null,
      a: cell.assertions.map((assertion) => [assertion.type, assertion.pass, assertion.score, assertion.reason]),
    })),
    statistics: run.statistics,
  };
  const { totals } = run.statistics;
  const note = graderNote(run);
  const title = run.name ?? run.suite.description ?? `eval ${run.runId}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Flywheel eval</title>
<style>${htmlReportStyle}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<div class="muted">run ${escapeHtml(run.runId)} · ${escapeHtml(new Date(run.createdAt).toISOString().replace("T", " ").slice(0, 19))} UTC · ${run.status}${run.suite.file === undefined ? "" : ` · ${escapeHtml(run.suite.file)}`} · ${run.suite.tests.length} tests × ${run.suite.variants.length} variants${run.suite.repeat > 1 ? ` × ${run.suite.repeat} repeats` : ""} · seed ${run.statistics.seed}</div>
<div class="totals"><span class="pass">${totals.passed} passed</span><span class="fail">${totals.failed} failed</span><span class="error">${totals.errors} errors</span><span class="muted">${totals.cells} cells</span></div>
${note === undefined ? "" : `<div class="note">${escapeHtml(note)}</div>`}
</header>
<main>
<h2>Variants</h2>
<p class="muted">Pass rate and mean score with 95% percentile-bootstrap intervals over tests (a test's repeats are resampled together). Errors count as failures with score 0.</p>
<section id="stats"></section>
<h2>Outputs side by side</h2>
<div id="controls" class="controls"></div>
<table id="matrix" class="matrix"></table>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${htmlReportScript}</script>
</body>
</html>
`;
}

// JSON inside <script> must not be able to close the tag or open a comment.
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
