import { Parser } from "yaml";

/**
 * How deeply the YAML text's syntax tree nests (about three levels per YAML level). The
 * YAML parser proper recurses once per level, and thousands of levels (`- - - … x`) exhaust the
 * stack or crash the process, so the config loader measures first with the tokenizer, which
 * does not recurse, and refuses such a file.
 */
export function yamlNestingDepth(text: string): number {
  let deepest = 0;
  const pending: [unknown, number][] = [...new Parser().parse(text)].map((token) => [token, 1]);
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(node as object)) if (child !== null && typeof child === "object") pending.push([child, depth + 1]);
  }
  return deepest;
}
