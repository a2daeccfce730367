const STOPWORDS = new Set(
  "about after also and are been but can could does for from has have how into its may more most new not now our over said says than that the their them then there these they this those through under very was were what when where which while who why will with would you your".split(" "),
);

/**
 * The content words of a text, crudely stemmed so that `models` meets `model` and `released`
 * meets `releases`: letters and digits of three characters or more, lower-cased, stopwords
 * dropped, a plural `s` dropped, cut to six characters. Numbers are kept whole.
 */
export function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const [token] of text.toLowerCase().matchAll(/[\p{L}\p{N}][\p{L}\p{N}.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu)) {
    if (token.length < 3 && !/\p{N}/u.test(token)) continue;
    if (STOPWORDS.has(token)) continue;
    words.add(/\p{N}/u.test(token) ? token : token.replace(/s$/, "").slice(0, 6));
  }
  return words;
}
