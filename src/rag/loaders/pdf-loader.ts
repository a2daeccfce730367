import { UnreadableDocumentError } from "../rag-errors.js";
import type { DocumentLoader } from "./loaded-document.js";

/**
 * PDF: the text layer, one segment per page so chunks cite their page. A password-protected
 * PDF, or one with no text layer (a scan), is skipped with a warning.
 */
export const loadPdf: DocumentLoader = async ({ bytes, source, fileName }) => {
  const { getDocumentProxy, extractText } = await import("unpdf");
  let pages: string[];
  let title: string | undefined;
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const metadata = await pdf.getMetadata().catch(() => undefined);
    const info = metadata?.info as { Title?: unknown } | undefined;
    title = typeof info?.Title === "string" && info.Title.trim() !== "" ? info.Title.trim() : undefined;
    pages = (await extractText(pdf, { mergePages: false })).text;
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name === "PasswordException") {
      throw new UnreadableDocumentError({ source, reason: "encrypted", detail: "encrypted PDF (needs a password), skipped", cause: error });
    }
    throw new UnreadableDocumentError({ source, reason: "unreadable", detail: `not a readable PDF (${error instanceof Error ? error.message : String(error)}), skipped`, cause: error });
  }
  const segments = pages.map((text, index) => ({ text: text.replace(/\r\n?/g, "\n"), page: index + 1 })).filter((page) => page.text.trim() !== "");
  if (segments.length === 0) throw new UnreadableDocumentError({ source, reason: "no-text", detail: "PDF has no text layer (a scan?), skipped" });
  return { source, title: title ?? fileName, kind: "pdf", format: "text", segments, metadata: { extension: "pdf", pages: String(pages.length) } };
};
