import type { DatasetRow } from "../dataset-row.js";

/**
 * The text that makes a row what it is, for near-duplicate detection: every message but
 * the system prompt (which templated tasks share), with tool calls spelled out.
 */
export function exampleText(row: DatasetRow): string {
  return row.messages
    .filter((message) => message.role !== "system")
    .map((message) => [message.content, ...(message.tool_calls ?? []).map((call) => `${call.function.name} ${call.function.arguments}`)].join(" "))
    .join("\n");
}

/** A rough token count of a row (about 4 characters a token, plus a few per message for the template). */
export function estimateRowTokens(row: DatasetRow): number {
  let characters = 0;
  for (const message of row.messages) {
    characters += message.content.length;
    for (const call of message.tool_calls ?? []) characters += call.function.name.length + call.function.arguments.length;
  }
  if (row.tools !== undefined) characters += JSON.stringify(row.tools).length;
  return Math.ceil(characters / 4) + 4 * row.messages.length;
}
