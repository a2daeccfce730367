/** CSS of the HTML report (inlined: the report is one self-contained file). */
export const htmlReportStyle = `
:root { --pass: #1a7f37; --fail: #cf222e; --error: #9a6700; --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header { padding: 16px 24px; border-bottom: 1px solid var(--line); background: var(--bg); }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
main { padding: 0 24px 40px; }
.muted { color: var(--muted); }
.totals span { margin-right: 16px; font-weight: 600; }
.pass { color: var(--pass); } .fail { color: var(--fail); } .error { color: var(--error); }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); position: sticky; top: 0; z-index: 1; }
.stats td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.ci svg { vertical-align: middle; margin-left: 6px; }
.significant { background: #fff8c5; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 12px 0; padding: 8px 12px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; position: sticky; top: 0; z-index: 2; }
.controls label { white-space: nowrap; }
.matrix td.test { width: 22%; min-width: 180px; }
.vars { font-family: ui-monospace, monospace; font-size: 12px; color: var(--muted); white-space: pre-wrap; word-break: break-word; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; padding: 1px 6px; border-radius: 10px; color: #fff; margin-right: 6px; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.error { background: var(--error); } .badge.mixed { background: #8250df; }
.output { white-space: pre-wrap; word-break: break-word; font-family: ui-monospace, monospace; font-size: 12px; margin: 6px 0; max-height: 240px; overflow: auto; background: #fff; }
.reason { font-size: 12px; color: var(--fail); }
ins { background: #dafbe1; text-decoration: none; } del { background: #ffebe9; }
details { font-size: 12px; } details li { margin: 2px 0; }
.trace { font-family: ui-monospace, monospace; font-size: 11px; color: var(--muted); }
.note { background: #fff8c5; border: 1px solid #d4a72c; padding: 8px 12px; border-radius: 6px; margin-top: 12px; }
`;
