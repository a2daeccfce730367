import type { Digest, DigestEntry } from "../radar-types.js";
import { describeChange, failureLine, recommendationLine, statsLine, utcTime, WATCH_COLUMNS, watchRows } from "./digest-lines.js";
import { escapeHtml } from "../../evals/reports/escape-markup.js";
import { safeUrl } from "./safe-url.js";
import { withoutControls } from "./without-controls.js";

/**
 * The digest as an HTML fragment (no `<html>`, no styles, no scripts): the stories, model
 * changes, model-watch tables and failed sources. Every text from a feed or a model is
 * escaped and only http(s) links are kept, so markup planted in a feed shows as text.
 */
export function digestHtmlBody(untrusted: Digest): string {
  const digest = withoutControls(untrusted);
  const parts = [`<p class="muted">since ${escapeHtml(utcTime(digest.since))} · ${escapeHtml(statsLine(digest))}</p>`];
  if (digest.entries.length === 0) parts.push(`<p>Nothing new in this window.</p>`);
  parts.push(`<ol class="entries">${digest.entries.map(entryHtml).join("\n")}</ol>`);
  if (digest.modelChanges.length > 0) {
    parts.push(`<h2>Model changes</h2>`, `<ul>${digest.modelChanges.map((change) => `<li>${escapeHtml(describeChange(change))}</li>`).join("")}</ul>`);
  }
  for (const result of digest.modelWatch) {
    parts.push(`<h2>Model watch: ${escapeHtml(recommendationLine(result))}</h2>`);
    const rows = watchRows(result);
    if (rows.length > 0) {
      const head = `<tr>${WATCH_COLUMNS.map((column) => `<th>${escapeHtml(column)}</th>`).join("")}</tr>`;
      parts.push(`<table class="watch">${head}${rows.map((cells) => `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("")}</table>`);
    }
  }
  if (digest.failures.length > 0) {
    parts.push(`<h2>Failed sources</h2>`, `<ul class="failures">${digest.failures.map((failure) => `<li>${escapeHtml(failureLine(failure))}</li>`).join("")}</ul>`);
  }
  return parts.join("\n");
}

function entryHtml(entry: DigestEntry): string {
  const citations = entry.citations.map((citation) => `<li value="${citation.n}">${anchor(citation.title, citation.url)} <span class="muted">${escapeHtml(citation.source)}</span></li>`);
  return `<li class="entry" id="cluster-${escapeHtml(entry.clusterId)}">
<h3>${escapeHtml(entry.title)}</h3>
<p class="reason">${escapeHtml(entry.reason)}</p>
<p class="summary">${summaryHtml(entry)}</p>
<ol class="citations">${citations.join("")}</ol>
<p class="muted">Sources: ${entry.sources.map(escapeHtml).join(", ")}</p>
</li>`;
}

function summaryHtml(entry: DigestEntry): string {
  return entry.summary
    .split(/(\[\d+\])/)
    .map((part) => {
      const n = /^\[(\d+)\]$/.exec(part)?.[1];
      const citation = n === undefined ? undefined : entry.citations.find((candidate) => candidate.n === Number(n));
      return citation === undefined ? escapeHtml(part) : `<sup>${anchor(`[${n}]`, citation.url)}</sup>`;
    })
    .join("");
}

function anchor(text: string, url: string): string {
  const safe = safeUrl(url);
  return safe === undefined ? escapeHtml(text) : `<a href="${escapeHtml(safe)}" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
}
