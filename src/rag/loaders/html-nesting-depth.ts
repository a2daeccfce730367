// Elements that never hold content, and those that HTML closes by itself when a sibling opens
// (pages often leave them open): neither adds to the nesting a parser builds.
const NOT_NESTING = new Set([
  ..."area base br col embed hr img input link meta param source track wbr".split(" "),
  ..."p li dt dd option optgroup tr td th thead tbody tfoot colgroup rb rt rp".split(" "),
]);
// `[^<>]*` stops at the next angle bracket, so a scan costs one pass however the tags are broken.
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*>/g;

/**
 * How deep elements nest in an HTML text, counted from its tags without building a DOM, so a
 * page too deep for a parser can be refused before it is parsed. Stops counting past `limit`.
 */
export function htmlNestingDepth(html: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(TAG)) {
    const name = match[2]!.toLowerCase();
    if (NOT_NESTING.has(name) || match[0].endsWith("/>")) continue;
    if (match[1] === "/") {
      depth = Math.max(0, depth - 1);
      continue;
    }
    depth += 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) break;
  }
  return deepest;
}
