import { decodeText } from "./decode-text.js";
import type { DocumentLoader } from "./loaded-document.js";
import { htmlToMarkdown } from "./html-to-markdown.js";

/**
 * HTML: the main content as Firefox's Reader View finds it (navigation, footers and ads
 * dropped), turned into markdown so headings, lists and code blocks guide chunking.
 */
export const loadHtml: DocumentLoader = async ({ bytes, source, fileName }) => {
  const html = decodeText(bytes, source);
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
