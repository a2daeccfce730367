import { parseHTML } from "linkedom";

// Elements whose content is code, styling or embedded documents, never text a reader sees.
const dropped = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "SVG", "MATH", "HEAD", "TITLE"]);
// Elements that end a line or a block: their text must not run into the next word.
const breaking = new Set(["BR", "P", "DIV", "LI", "UL", "OL", "DL", "DT", "DD", "TR", "TD", "TH", "TABLE", "BLOCKQUOTE", "PRE", "H1", "H2", "H3", "H4", "H5", "H6", "HR", "SECTION", "ARTICLE", "HEADER", "FOOTER", "FIGURE", "FIGCAPTION"]);

interface TreeNode {
  nodeType: number;
  nodeName: string;
  nodeValue: string | null;
  childNodes: ArrayLike<TreeNode>;
}

/**
 * Plain text of an HTML fragment from a feed: markup, scripts, styles and attributes (an
 * `onerror=`) are gone, entities decoded, blocks separated by a space, whitespace collapsed.
 * Text without `<` or `&` is only collapsed, which keeps big runs of plain feeds cheap.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return collapse(html);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const parts: string[] = [];
  // A stack, not recursion: a feed can nest elements deeper than the call stack allows.
  const stack: (TreeNode | string)[] = [document.body as unknown as TreeNode];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNode | string;
    if (typeof node === "string") {
      parts.push(node);
      continue;
    }
    if (node.nodeType === 3) parts.push(node.nodeValue ?? "");
    if (node.nodeType !== 1 || dropped.has(node.nodeName.toUpperCase())) continue;
    const blockEdge = breaking.has(node.nodeName.toUpperCase());
    if (blockEdge) stack.push(" ");
    for (let index = node.childNodes.length - 1; index >= 0; index -= 1) stack.push(node.childNodes[index] as TreeNode);
    if (blockEdge) parts.push(" ");
  }
  return collapse(parts.join(""));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
