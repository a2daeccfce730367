// A sentence ends at `.`, `!` or `?` (with any `[n]` markers right after it) before a space, or
// at a line end; a marker group that follows the full stop stays with its sentence.
const SENTENCE_BREAK = /(?<=[.!?](?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*)\s+(?!\[\d)|\n+/;

/** The sentences of a text, trimmed, without empty ones. */
export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_BREAK)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence.replace(/\[\d+(?:\s*[,;]\s*\d+)*\]/g, "")));
}
