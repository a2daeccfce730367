// The digest: ranked clusters summarised with checked `[n]` citations, rendered for a terminal,
// Markdown, HTML, JSON and an Atom feed of digests, and posted to a Slack-style webhook.
export { summariseClusters } from "./summarise-clusters.js";
export { checkCitations, SUPPORT_FLOOR } from "./check-citations.js";
export type { CheckedSentence, CitableSource, CitationCheck } from "./check-citations.js";
export { extractiveSummary } from "./extractive-summary.js";
export { renderDigest, DIGEST_FORMATS } from "./render-digest.js";
export type { DigestFormat } from "./render-digest.js";
export { renderTerminal } from "./render-terminal.js";
export { renderMarkdown } from "./render-markdown.js";
export { renderHtml } from "./render-html.js";
export { renderJson } from "./render-json.js";
export { renderAtomFeed } from "./render-atom.js";
export { slackMessage } from "./slack-message.js";
export type { SlackMessage } from "./slack-message.js";
export { postWebhook } from "./post-webhook.js";
export type { PostWebhookOptions } from "./post-webhook.js";
export { WebhookError } from "./webhook-error.js";
