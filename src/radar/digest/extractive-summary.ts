import type { CheckedSentence } from "./check-citations.js";
import { splitSentences } from "./split-sentences.js";

/** Most sentences an extractive summary takes. */
const MAX_SENTENCES = 2;
/** Longest lead sentence kept whole; a longer one is cut at a word. */
const MAX_SENTENCE_CHARACTERS = 240;

/**
 * A summary that needs no model: the lead sentence of each of the first items (the title when
 * an item has no text), each citing its own item, the same sentence never twice. Used when a
 * model's summary has no sentence that passes the citation check, or the model failed.
 */
export function extractiveSummary(items: readonly { n: number; title: string; text: string }[]): CheckedSentence[] {
  const sentences: CheckedSentence[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (sentences.length === MAX_SENTENCES) break;
    const lead = clip(stripMarkers(splitSentences(item.text)[0] ?? "") || stripMarkers(item.title));
    const key = lead.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    const bare = lead.replace(/[.!?]+$/, "");
    sentences.push({ text: `${bare} [${item.n}]${/[!?]$/.exec(lead)?.[0] ?? "."}`, cited: [item.n] });
  }
  return sentences;
}

// Feed text may hold its own bracketed numbers; left in, they would read as citations.
function stripMarkers(text: string): string {
  return text.replace(/\s*\[\d+(?:\s*[,;]\s*\d+)*\]/g, "").replace(/\s+/g, " ").trim();
}

function clip(text: string): string {
  if (text.length <= MAX_SENTENCE_CHARACTERS) return text;
  const cut = text.slice(0, MAX_SENTENCE_CHARACTERS);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), MAX_SENTENCE_CHARACTERS / 2)).trimEnd()}…`;
}
