/** Lower case, thousands separators dropped (`3,890` → `3890`), runs of white space as one space. */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\d),(\d{3})(?!\d)/g, "$1$2")
    .replace(/\s+/g, " ");
}

/**
 * Whether `text` states `fact`: case-insensitive, thousands separators ignored, and the fact
 * standing as a whole word or number (`4` is not found in `K4`, `4.3` or `14`; `lid` not in `solid`).
 */
export function containsFact(text: string, fact: string): boolean {
  const wanted = normalize(fact.trim());
  const escaped = wanted.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // A number must not continue as a decimal (`4` in `4.3`); a sentence's full stop after it is fine.
  const after = /\d$/.test(wanted) ? "(?![\\w]|\\.\\d)" : /\w$/.test(wanted) ? "(?!\\w)" : "";
  const before = /^\d/.test(wanted) ? "(?<![\\w]|\\d\\.)" : /^\w/.test(wanted) ? "(?<!\\w)" : "";
  return new RegExp(`${before}${escaped}${after}`).test(normalize(text));
}
