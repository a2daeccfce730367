/** The n-grams of a token list, each joined with a space. */
export function ngrams(tokens: string[], n: number): string[] {
  const grams: string[] = [];
  for (let index = 0; index + n <= tokens.length; index += 1) grams.push(tokens.slice(index, index + n).join(" "));
  return grams;
}

/** Counts of each item. */
export function counts(items: string[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const item of items) result.set(item, (result.get(item) ?? 0) + 1);
  return result;
}
