import type { Flywheel } from "../runtime/index.js";
import { cosine } from "./cosine.js";
import { embedTexts } from "./embed-texts.js";
import { passageSentences } from "./passage-sentences.js";

/** Options for `extractAnswer`. */
export interface ExtractAnswerOptions {
  question: string;
  /** The numbered passages retrieval found. */
  passages: { number: number; text: string }[];
  /** Embedding model that compares the sentences with the question (the collection's). */
  embeddingModel: string;
  signal?: AbortSignal;
}

/** A sentence taken from a passage as the answer. */
export interface ExtractedAnswer {
  /** The sentence with its citation: `... is skipped [2]`. */
  answer: string;
  sentence: string;
  /** The passage it stands in. */
  number: number;
  /** Cosine similarity of the sentence to the question. */
  similarity: number;
}

/**
 * An extractive answer: the passages' sentence closest to the question (by the collection's
 * embedder), cited where it stands. No chat model writes anything, so nothing is made up: for
 * when the chat model is too small to write a grounded answer. Undefined when the passages
 * hold no sentence.
 */
export async function extractAnswer(flywheel: Flywheel, options: ExtractAnswerOptions): Promise<ExtractedAnswer | undefined> {
  const sentences = options.passages.flatMap((passage) => passageSentences(passage.text).map((text) => ({ number: passage.number, text })));
  if (sentences.length === 0) return undefined;
  const [question] = (await embedTexts(flywheel, { model: options.embeddingModel, texts: [options.question], inputType: "query", signal: options.signal })).vectors;
  const { vectors } = await embedTexts(flywheel, { model: options.embeddingModel, texts: sentences.map((sentence) => sentence.text), inputType: "document", signal: options.signal });
  let best = { ...sentences[0]!, similarity: -Infinity };
  sentences.forEach((sentence, index) => {
    const similarity = cosine(question!, vectors[index]!);
    if (similarity > best.similarity) best = { ...sentence, similarity };
  });
  return { answer: `${best.text} [${best.number}]`, sentence: best.text, number: best.number, similarity: best.similarity };
}
