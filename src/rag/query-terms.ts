const STOPWORDS = new Set(
  "a an and are as at be by can do does for from has have how i if in into is it its of on or our so that the their then there these this to was we were what when where which who why will with you your".split(" "),
);

/**
 * The words of a query for full-text search: letters and digits only, lower-cased, without
 * duplicates, and without stopwords unless nothing else is left. Operators and quotes in the
 * query are dropped here, and each word is quoted again by the store.
 */
export function queryTerms(query: string): string[] {
  const words = [...new Set(Array.from(query.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu), (match) => match[0]))];
  const content = words.filter((word) => !STOPWORDS.has(word));
  return content.length > 0 ? content : words;
}
