/** How much of a text sample an embedding model's tokenizer can read. */
export interface TextReadability {
  /**
   * Share of the sample's letters (0 to 1) in words the model cannot read: words that map to its
   * unknown token, or that break into pieces of one or two letters (a script the vocabulary
   * barely covers, such as Cyrillic or Arabic under an English vocabulary).
   */
  unreadableShare: number;
  /** Share of the sample's word pieces that are the unknown token. */
  unknownShare: number;
  /** Word pieces per word: about 1.2 for English prose, several for a script the vocabulary barely covers. */
  piecesPerWord: number;
  /** Texts in the sample. */
  texts: number;
}

/**
 * At least this share of unreadable text makes vector search poor enough to warn about. English
 * prose and code measure 0 to 2 per cent; Russian, Arabic, Chinese or Thai under an English
 * BERT vocabulary 50 to 100 per cent.
 */
export const poorReadabilityShare = 0.2;

/** One word as a tokenizer sees it: its pieces, and how many of them are unknown. */
export interface WordPieces {
  pieces: number;
  unknown: number;
}

/**
 * Measures readability with a tokenizer's view of single words (`pieces` is called once per
 * distinct word). Words are runs of letters (with their combining marks); a word is unreadable when any of its pieces is
 * unknown, or when it breaks into 4 or more pieces that average under 2 letters each.
 */
export function measureReadability(texts: string[], pieces: (word: string) => WordPieces): TextReadability {
  const seen = new Map<string, WordPieces>();
  let letters = 0;
  let unreadable = 0;
  let pieceCount = 0;
  let unknown = 0;
  let words = 0;
  for (const text of texts) {
    for (const [word] of text.matchAll(/[\p{L}\p{M}]+/gu)) {
      let view = seen.get(word);
      if (view === undefined) seen.set(word, (view = pieces(word)));
      words++;
      letters += word.length;
      pieceCount += view.pieces;
      unknown += view.unknown;
      if (view.unknown > 0 || (view.pieces >= 4 && view.pieces * 2 > word.length)) unreadable += word.length;
    }
  }
  return {
    unreadableShare: letters === 0 ? 0 : unreadable / letters,
    unknownShare: pieceCount === 0 ? 0 : unknown / pieceCount,
    piecesPerWord: words === 0 ? 0 : pieceCount / words,
    texts: texts.length,
  };
}
