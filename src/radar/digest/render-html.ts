import type { Digest } from "../radar-types.js";
import { digestHtmlBody } from "./digest-html-body.js";
import { utcTime } from "./digest-lines.js";
import { escapeHtml } from "../../evals/reports/escape-markup.js";

// Inlined, as in the eval report: the page is one self-contained file.
const STYLE = `
:root { --muted: #656d76; --line: #d0d7de; --bg: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; }
header { padding: 16px 24px; border-bottom: 1px solid var(--line); background: var(--bg); }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 8px; }
h3 { font-size: 16px; margin: 0 0 2px; }
main { padding: 0 24px 40px; max-width: 960px; }
.muted { color: var(--muted); }
.entries > li { margin: 18px 0; padding-bottom: 12px; border-bottom: 1px solid var(--line); }
.reason { color: var(--accent); margin: 0 0 6px; font-size: 14px; }
.summary { margin: 0 0 6px; }
.citations { font-size: 13px; margin: 0 0 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; font-variant-numeric: tabular-nums; }
th { background: var(--bg); }
`;

/**
 * The digest as one self-contained HTML page: no scripts, no external resources, and a
 * Content-Security-Policy that forbids both, over `digestHtmlBody` (all feed text escaped).
 */
export function renderHtml(digest: Digest): string {
  const title = `Radar digest ${utcTime(digest.createdAt)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Flywheel</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1></header>
<main>
${digestHtmlBody(digest)}
</main>
</body>
</html>
`;
}
