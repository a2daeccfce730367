const BLOCKS = new Set(["P", "DIV", "SECTION", "ARTICLE", "MAIN", "BLOCKQUOTE", "TABLE", "TR", "UL", "OL", "FIGURE", "HEADER", "DL"]);
const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "IFRAME"]);

/**
 * Renders an element's content as simple markdown: headings as `#`, list items as `-`, `pre` as
 * fenced code, blocks separated by blank lines. Enough structure for chunking; not a full converter.
 */
export function htmlToMarkdown(root: HTMLElement): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out.push((node.textContent ?? "").replace(/\s+/g, " "));
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as HTMLElement;
    const tag = element.tagName.toUpperCase();
    if (SKIP.has(tag)) return;
    const heading = /^H([1-6])$/.exec(tag);
    if (heading !== null) {
      out.push(`\n\n${"#".repeat(Number(heading[1]))} ${(element.textContent ?? "").replace(/\s+/g, " ").trim()}\n\n`);
      return;
    }
    if (tag === "PRE") {
      out.push(`\n\n\`\`\`\n${(element.textContent ?? "").replace(/\n+$/, "")}\n\`\`\`\n\n`);
      return;
    }
    if (tag === "BR") out.push("\n");
    if (tag === "LI") out.push("\n- ");
    if (BLOCKS.has(tag) || tag === "TD" || tag === "TH") out.push(tag === "TD" || tag === "TH" ? " | " : "\n\n");
    for (const child of Array.from(element.childNodes)) walk(child);
    if (BLOCKS.has(tag)) out.push("\n\n");
  };
  walk(root);
  return out
    .join("")
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
