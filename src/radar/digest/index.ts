// The digest: ranked clusters summarised with checked `[n]` citations, rendered for a terminal,
// Markdown, HTML, JSON and an Atom feed of digests, and posted to a Slack-style webhook.
export { summariseClusters } from "./summarise-clusters.js";
export { checkCitations, SUPPORT_FLOOR } from "./check-citations.js";
export type { CheckedSentence, CitableSource, CitationCheck } from "./check-citations.js";
export { extractiveSummary } from "./extractive-summary.js";
