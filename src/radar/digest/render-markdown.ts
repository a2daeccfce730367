import type { Digest, DigestEntry } from "../radar-types.js";
import { describeChange, failureLine, recommendationLine, statsLine, utcTime, WATCH_COLUMNS, watchRows } from "./digest-lines.js";
import { safeUrl } from "./safe-url.js";
import { withoutControls } from "./without-controls.js";

/**
 * The digest as Markdown: a section per story (rank, title, reason, summary whose `[n]` link
 * to the cited items, sources), then model changes, a model-watch table per evaluated model and
 * failed sources. Feed text is escaped, so markup or HTML planted in a feed shows as text.
 */
export function renderMarkdown(untrusted: Digest): string {
  const digest = withoutControls(untrusted);
  const lines = [`# Radar digest ${utcTime(digest.createdAt)}`, "", `_since ${utcTime(digest.since)} · ${statsLine(digest)}_`, ""];
  if (digest.entries.length === 0) lines.push("Nothing new in this window.", "");
  digest.entries.forEach((entry, index) => {
    lines.push(`## ${index + 1}. ${text(entry.title)}`, "", `_${text(entry.reason)}_`, "", summary(entry), "");
    for (const citation of entry.citations) lines.push(`${citation.n}. ${link(citation.title, citation.url)} (${text(citation.source)})`);
    lines.push("", `Sources: ${entry.sources.map(text).join(", ")}`, "");
  });
  if (digest.modelChanges.length > 0) {
    lines.push("## Model changes", "");
    for (const change of digest.modelChanges) lines.push(`- ${text(describeChange(change))}`);
    lines.push("");
  }
  for (const result of digest.modelWatch) {
    lines.push(`## Model watch: ${text(recommendationLine(result))}`, "");
    const rows = watchRows(result);
    if (rows.length > 0) lines.push(row(WATCH_COLUMNS), row(WATCH_COLUMNS.map(() => "---")), ...rows.map((cells) => row(cells.map(text))), "");
  }
  if (digest.failures.length > 0) {
    lines.push("## Failed sources", "");
    for (const failure of digest.failures) lines.push(`- ${text(failureLine(failure))}`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The summary with each `[n]` linking to its item. */
function summary(entry: DigestEntry): string {
  return entry.summary
    .split(/(\[\d+\])/)
    .map((part) => {
      const n = /^\[(\d+)\]$/.exec(part)?.[1];
      const citation = n === undefined ? undefined : entry.citations.find((candidate) => candidate.n === Number(n));
      if (citation === undefined) return text(part);
      const url = safeUrl(citation.url);
      return url === undefined ? `\\[${n}\\]` : `[\\[${n}\\]](<${url.replace(/[<>]/g, encodeURIComponent)}>)`;
    })
    .join("");
}

function link(title: string, url: string): string {
  const safe = safeUrl(url);
  return safe === undefined ? text(title) : `[${text(title)}](<${safe.replace(/[<>]/g, encodeURIComponent)}>)`;
}

function row(cells: string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
}

// Markdown punctuation is escaped and HTML's `<`, `>` and `&` become entities, which every
// renderer shows as the characters themselves; line breaks would end a list item or heading.
function text(value: string): string {
  return value
    .replace(/\s+/g, " ")
    .replace(/[\\`*_[\]#~]/g, "\\$&")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
