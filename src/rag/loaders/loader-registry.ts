import { codeLanguages, loadCode } from "./code-loader.js";
import { loadHtml } from "./html-loader.js";
import type { DocumentLoader } from "./loaded-document.js";
import { extensionOf, loadMarkdown } from "./markdown-loader.js";
import { loadPdf } from "./pdf-loader.js";
import { loadText } from "./text-loader.js";

/** Loaders by document kind. */
export const loaders: Record<string, DocumentLoader> = {
  markdown: loadMarkdown,
  html: loadHtml,
  pdf: loadPdf,
  code: loadCode,
  text: loadText,
};

const MARKDOWN = new Set(["md", "markdown", "mdx"]);
const HTML = new Set(["html", "htm", "xhtml"]);

/** The loader kind for a file name, or for a content type when fetched from a URL. */
export function kindFor(fileName: string, contentType?: string): string {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "text/html" || type === "application/xhtml+xml") return "html";
  if (type === "application/pdf") return "pdf";
  if (type === "text/markdown") return "markdown";
  const extension = extensionOf(fileName);
  if (MARKDOWN.has(extension)) return "markdown";
  if (HTML.has(extension)) return "html";
  if (extension === "pdf") return "pdf";
  if (Object.hasOwn(codeLanguages, extension) || ["sh", "sql", "lua", "r", "css", "scss", "vue", "svelte"].includes(extension)) return "code";
  return "text";
}
