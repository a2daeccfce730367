import { UnreadableDocumentError } from "../rag-errors.js";
import { decodeText } from "./decode-text.js";
import { htmlNestingDepth } from "./html-nesting-depth.js";
import type { DocumentLoader } from "./loaded-document.js";
import { htmlToMarkdown } from "./html-to-markdown.js";

// Reader View's time grows with the cube of the nesting: 250 levels take a third of a second,
// 1,000 take 25 s, and 10,000 overflow the stack. Real pages nest a few dozen levels.
const MAX_NESTING_DEPTH = 256;

/**
 * HTML: the main content as Firefox's Reader View finds it (navigation, footers and ads
 * dropped), turned into markdown so headings, lists and code blocks guide chunking.
 */
export const loadHtml: DocumentLoader = async ({ bytes, source, fileName }) => {
  const html = decodeText(bytes, source);
  const depth = htmlNestingDepth(html, MAX_NESTING_DEPTH);
  if (depth > MAX_NESTING_DEPTH) {
    throw new UnreadableDocumentError({ source, reason: "too-deep", detail: `HTML nested more than ${MAX_NESTING_DEPTH} elements deep, too deep to read, skipped` });
  }
  // The DOM and Reader View load with the first HTML page, not with every command.
  const [{ parseHTML }, { Readability }] = await Promise.all([import("linkedom"), import("@mozilla/readability")]);
  const { document } = parseHTML(html);
  const pageTitle = document.querySelector("title")?.textContent?.trim();
  // Readability mutates the DOM it reads, so it gets its own parse.
  const article = new Readability(parseHTML(html).document as unknown as Document, { charThreshold: 100 }).parse();
  const body = article?.content ?? document.querySelector("body")?.innerHTML ?? html;
  const markdown = htmlToMarkdown(parseHTML(`<html><body>${body}</body></html>`).document.body as unknown as HTMLElement);
  return {
    source,
    title: article?.title?.trim() || pageTitle || fileName,
    kind: "html",
    format: "markdown",
    segments: [{ text: markdown }],
    metadata: { extension: "html" },
  };
};
