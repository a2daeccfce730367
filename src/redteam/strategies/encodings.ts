// The reversible dressings, shared by the strategies that apply them and the worst-case model that undoes them.

/** ROT13 of the Latin letters; other characters are kept. */
export function rot13(text: string): string {
  return text.replace(/[A-Za-z]/g, (letter) => {
    const base = letter <= "Z" ? 65 : 97;
    return String.fromCharCode(((letter.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** Leetspeak substitutions (letter → digit or symbol). */
export const leetMap: Readonly<Record<string, string>> = { a: "4", e: "3", i: "1", o: "0", s: "5", t: "7" };

/** Latin letters and the Cyrillic or Greek letters that look the same. */
export const homoglyphMap: Readonly<Record<string, string>> = { a: "а", c: "с", e: "е", o: "о", p: "р", x: "х", y: "у", i: "і", A: "Α", B: "Β", E: "Ε", O: "Ο", T: "Τ" };

/** Zero-width characters slipped between letters. */
export const zeroWidthCharacters = ["\u200b", "\u200c", "\u200d", "\u2060"] as const;

/** Undoes homoglyphs and removes zero-width characters. */
export function undoHomoglyphs(text: string): string {
  let result = text;
  for (const character of zeroWidthCharacters) result = result.split(character).join("");
  for (const [latin, lookalike] of Object.entries(homoglyphMap)) result = result.split(lookalike).join(latin);
  return result;
}

/**
 * Whether a word is an identifier that disguises must leave alone so it still works when
 * copied: a URL, a path, code, a placeholder, or a hyphenated token such as a canary.
 */
export function isVerbatimToken(token: string): boolean {
  return /[/:.\\[\]`-]/.test(token);
}

/** Undoes leetspeak in words that mix letters and digits (identifiers are left as they are). */
export function undoLeetspeak(text: string): string {
  const reverse = new Map(Object.entries(leetMap).map(([letter, digit]) => [digit, letter]));
  return text
    .split(/(\s+)/)
    .map((token) => (isVerbatimToken(token) || !/[A-Za-z]/.test(token) || !/\d/.test(token) ? token : token.replace(/[0-9]/g, (digit) => reverse.get(digit) ?? digit)))
    .join("");
}
