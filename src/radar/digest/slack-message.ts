import type { Digest } from "../radar-types.js";
import { describeChange, failureLine, recommendationLine, statsLine, utcTime } from "./digest-lines.js";
import { safeUrl } from "./safe-url.js";
import { withoutControls } from "./without-controls.js";

/** Slack's limits: blocks per message, characters per section text. */
const MAX_BLOCKS = 50;
const MAX_SECTION_CHARACTERS = 3000;

/** A Slack-style message: `text` for notifications and clients without blocks, `blocks` for the rest. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/**
 * The digest as a Slack-style message (incoming webhooks of Slack, Mattermost and others):
 * a header, one section per story (linked title, reason, cited summary, sources), then model
 * changes, model-watch recommendations and failed sources. Feed text is escaped for mrkdwn.
 */
export function slackMessage(untrusted: Digest): SlackMessage {
  const digest = withoutControls(untrusted);
  const title = `Radar digest ${utcTime(digest.createdAt)}`;
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: title } },
    { type: "context", elements: [{ type: "mrkdwn", text: escape(statsLine(digest)) }] },
  ];
  digest.entries.forEach((entry, index) => {
    const url = safeUrl(entry.citations[0]?.url ?? "");
    const heading = url === undefined ? `*${index + 1}. ${escape(entry.title)}*` : `*${index + 1}. <${url}|${escape(entry.title).replace(/\|/g, "¦")}>*`;
    const citations = entry.citations.map((citation) => `[${citation.n}] ${escape(citation.source)}`).join(" · ");
    blocks.push(section(`${heading}\n_${escape(entry.reason)}_\n${escape(entry.summary)}\n${citations}`));
  });
  const notes = [
    ...digest.modelChanges.map((change) => `• ${escape(describeChange(change))}`),
    ...digest.modelWatch.map((result) => `• ${escape(recommendationLine(result))}`),
    ...digest.failures.map((failure) => `• failed: ${escape(failureLine(failure))}`),
  ];
  if (notes.length > 0) blocks.push({ type: "divider" }, section(notes.join("\n")));
  const stories = digest.entries.map((entry, index) => `${index + 1}. ${entry.title}`).join("\n");
  return { text: `${title}: ${statsLine(digest)}${stories === "" ? "" : `\n${stories}`}`, blocks: blocks.slice(0, MAX_BLOCKS) };
}

function section(text: string): Record<string, unknown> {
  return { type: "section", text: { type: "mrkdwn", text: text.length > MAX_SECTION_CHARACTERS ? `${text.slice(0, MAX_SECTION_CHARACTERS - 1)}…` : text } };
}

// Slack reads `<...>` as links and mentions and `&` as an entity; these three are all it asks to escape.
function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
