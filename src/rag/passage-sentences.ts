/** A passage's sentences: table rows and code lines one by one, wrapped prose joined and cut at sentence ends. */
export function passageSentences(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .flatMap((paragraph) =>
      /^\s*(?:\||```|~~~)/m.test(paragraph) ? paragraph.split("\n") : paragraph.replace(/\s*\n\s*/g, " ").split(/(?<=[.!?])\s+/),
    )
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]{2}/u.test(sentence) && !/^(?:```|~~~)/.test(sentence));
}
