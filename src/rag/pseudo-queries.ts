/** A query drawn from a chunk, and the chunk it came from (the one right answer). */
export interface PseudoQuery {
  chunkId: number;
  query: string;
}

/** Fewest words a pseudo-query keeps. */
const MIN_WORDS = 3;

/**
 * One pseudo-query per chunk, in the manner of the Inverse Cloze Task: a sentence of the chunk
 * with every other word dropped. A whole sentence copied from a chunk is found by BM25 almost
 * always (every word matches), where real questions paraphrase; dropping half the words narrows
 * that lexical head start. In text written without spaces (Chinese, Japanese) the words are the
 * runs between punctuation, as the full-text index sees them: every other run is dropped, and a
 * sentence of one run is kept whole (cutting a run would leave BM25 nothing to match, which is
 * not how real questions fare). Which sentence is taken follows from the chunk id, so the same
 * chunks give the same queries. Chunks without a sentence long enough give none.
 */
export function pseudoQueries(chunks: { chunkId: number; text: string }[]): PseudoQuery[] {
  return chunks.flatMap((chunk) => {
    const sentences = chunk.text
      .split(/(?<=[.!?。！？])\s*|\n+/)
      .map((sentence) => sentence.trim())
      .filter((sentence) => wordsOf(sentence).length >= 2 * MIN_WORDS || (!/\s/.test(sentence) && [...sentence].length >= 8));
    if (sentences.length === 0) return [];
    const sentence = sentences[chunk.chunkId % sentences.length]!;
    const words = wordsOf(sentence);
    if (words.length >= 2 * MIN_WORDS) return [{ chunkId: chunk.chunkId, query: words.filter((_, index) => index % 2 === chunk.chunkId % 2).join(" ") }];
    const runs = sentence.match(/[\p{L}\p{N}]+/gu) ?? [];
    return [{ chunkId: chunk.chunkId, query: (runs.length > 1 ? runs.filter((_, index) => index % 2 === chunk.chunkId % 2) : runs).join(" ") }];
  });
}

function wordsOf(sentence: string): string[] {
  return sentence.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
}
