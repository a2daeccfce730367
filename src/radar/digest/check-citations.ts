import { contentWords } from "./content-words.js";
import { splitSentences } from "./split-sentences.js";

/** Least share of a sentence's content words that a cited item must hold for the citation to stand. */
export const SUPPORT_FLOOR = 0.4;

/** A numbered source a summary may cite: `[n]` points at it. */
export interface CitableSource {
  n: number;
  /** The item's title and text: what a sentence citing it must be supported by. */
  text: string;
}

/** A sentence that passed the check, its citations kept. */
export interface CheckedSentence {
  /** The sentence with its markers normalised to the end: `Body text [1][3].` */
  text: string;
  /** The numbers it cites, in order. */
  cited: number[];
}

/** The outcome of `checkCitations`. */
export interface CitationCheck {
  sentences: CheckedSentence[];
  /** Sentences dropped, each with why. */
  dropped: { sentence: string; reason: "uncited" | "unknown-citation" | "unsupported" }[];
}

const MARKER = /\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
const TRAILING_MARKERS = /(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+\s*[.!?]*\s*$/;

/**
 * Keeps the sentences of a summary that end with at least one `[n]` citation naming a source
 * that exists and supports it: the cited source must hold every number of the sentence and at
 * least `SUPPORT_FLOOR` of its content words. Citations that name no source or an unsupportive
 * one are removed; a sentence left with none is dropped, so no kept sentence is uncited.
 */
export function checkCitations(summary: string, sources: readonly CitableSource[]): CitationCheck {
  const byNumber = new Map(sources.map((source) => [source.n, contentWords(source.text)]));
  const check: CitationCheck = { sentences: [], dropped: [] };
  for (const sentence of splitSentences(summary)) {
    if (!TRAILING_MARKERS.test(sentence)) {
      check.dropped.push({ sentence, reason: "uncited" });
      continue;
    }
    const numbers = [...new Set(Array.from(sentence.matchAll(MARKER), (match) => match[1]!.split(/[,;]/).map((part) => Number(part.trim()))).flat())];
    const body = sentence.replace(MARKER, "").trim();
    const punctuation = /[.!?]+$/.exec(body)?.[0] ?? /[.!?]+\s*$/.exec(sentence)?.[0].trim() ?? ".";
    const bare = body.replace(/[.!?]+$/, "").trim();
    const known = numbers.filter((n) => byNumber.has(n));
    if (known.length === 0) {
      check.dropped.push({ sentence, reason: "unknown-citation" });
      continue;
    }
    const words = contentWords(bare);
    const supported = known.filter((n) => supports(byNumber.get(n)!, words));
    if (supported.length === 0 || words.size === 0) {
      check.dropped.push({ sentence, reason: "unsupported" });
      continue;
    }
    check.sentences.push({ text: `${bare} ${supported.map((n) => `[${n}]`).join("")}${punctuation}`, cited: supported });
  }
  return check;
}

function supports(source: Set<string>, sentence: Set<string>): boolean {
  let shared = 0;
  for (const word of sentence) {
    if (source.has(word)) shared += 1;
    else if (/\p{N}/u.test(word)) return false;
  }
  return shared >= SUPPORT_FLOOR * sentence.size;
}
