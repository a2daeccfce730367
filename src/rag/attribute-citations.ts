import type { Flywheel } from "../runtime/index.js";
import { cosine } from "./cosine.js";
import { embedTexts } from "./embed-texts.js";
import { passageSentences } from "./passage-sentences.js";
import { attributionSimilarity } from "./similarity-thresholds.js";

/** A sentence of an answer and the passage it was attributed to. */
export interface Attribution {
  sentence: string;
  /** The passage's citation number. */
  number: number;
  /** Cosine similarity between the sentence and the passage sentence most like it. */
  similarity: number;
}

/** Options for `attributeCitations`. */
export interface AttributeCitationsOptions {
  /** The model's answer; citation markers in it (`[2]`) are dropped, not trusted. */
  answer: string;
  /** The numbered passages the answer was written from. */
  passages: { number: number; text: string }[];
  /** Embedding model that compares sentences (the collection's). */
  embeddingModel: string;
  /** Least similarity for a citation (default: `defaultAttributionSimilarity` moved onto the embedding model's scale, see `attributionSimilarity`). */
  minSimilarity?: number;
  signal?: AbortSignal;
}

const MARKERS = /\s*\[\d+(?:\s*[,;]\s*\d+)*\]/g;

/**
 * Cites each sentence of an answer by similarity instead of by the model's own markers, which
 * small models place at random: a sentence gets `[n]` when passage n holds a sentence at least
 * `minSimilarity` like it that also has every number of the sentence and four in five of its
 * words (embeddings barely see a changed number), and no citation otherwise, so text no passage
 * supports is not cited.
 */
export async function attributeCitations(flywheel: Flywheel, options: AttributeCitationsOptions): Promise<{ answer: string; attributions: Attribution[] }> {
  const answer = options.answer.replace(MARKERS, "").trim();
  const spans = sentenceSpans(answer);
  const units = options.passages.flatMap((passage) => passageSentences(passage.text).map((text) => ({ number: passage.number, text })));
  if (spans.length === 0 || units.length === 0) return { answer, attributions: [] };
  const sentences = spans.map((span) => answer.slice(span.start, span.end));
  const { vectors } = await embedTexts(flywheel, { model: options.embeddingModel, texts: [...sentences, ...units.map((unit) => unit.text)], inputType: "document", signal: options.signal });
  const minSimilarity = options.minSimilarity ?? attributionSimilarity(flywheel.models.info(options.embeddingModel));
  const attributions: Attribution[] = [];
  let cited = "";
  let cursor = 0;
  spans.forEach((span, index) => {
    let best = { number: 0, similarity: -Infinity };
    units.forEach((unit, unitIndex) => {
      const similarity = cosine(vectors[index]!, vectors[sentences.length + unitIndex]!);
      if (similarity > best.similarity && similarity >= minSimilarity && sharesWords(sentences[index]!, unit.text)) best = { number: unit.number, similarity };
    });
    if (best.number === 0) return;
    attributions.push({ sentence: sentences[index]!, ...best });
    // The marker goes before the sentence's closing punctuation: "... next step [2]."
    const end = span.end - (/[.!?]+$/.exec(sentences[index]!)?.[0].length ?? 0);
    cited += `${answer.slice(cursor, end)} [${best.number}]`;
    cursor = end;
  });
  return { answer: cited + answer.slice(cursor), attributions };
}

/** Sentences of an answer as ranges: cut after `.`, `!` or `?` before a space, and at line ends. */
function sentenceSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  const push = (end: number) => {
    const piece = text.slice(start, end);
    const from = start + (piece.length - piece.trimStart().length);
    const to = start + piece.trimEnd().length;
    if (/[\p{L}\p{N}]{2}/u.test(text.slice(from, to))) spans.push({ start: from, end: to });
  };
  for (const match of text.matchAll(/[.!?]+(?=\s|$)|\n/g)) {
    const end = match[0] === "\n" ? match.index : match.index + match[0].length;
    push(end);
    start = match.index + match[0].length;
  }
  push(text.length);
  return spans;
}

/** Whether `source` has every number of `sentence` and at least four in five of its words of three letters or more. */
function sharesWords(sentence: string, source: string): boolean {
  const available = new Set(source.toLowerCase().match(/[\p{L}\p{N}]+/gu));
  const tokens = sentence.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (tokens.some((token) => /\p{N}/u.test(token) && !available.has(token))) return false;
  const words = tokens.filter((token) => token.length >= 3);
  return words.filter((word) => available.has(word)).length >= 0.8 * words.length;
}
