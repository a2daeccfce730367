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
 * that lexical head start. Text written without spaces (Chinese, Japanese) keeps the middle half
 * of the sentence instead. Which sentence is taken follows from the chunk id, so the same
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
    const characters = [...sentence];
    return [{ chunkId: chunk.chunkId, query: characters.slice(Math.floor(characters.length / 4), Math.ceil((3 * characters.length) / 4)).join("") }];
  });
}

function wordsOf(sentence: string): string[] {
  return sentence.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
}
