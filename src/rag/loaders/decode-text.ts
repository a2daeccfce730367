import { UnreadableDocumentError } from "../rag-errors.js";

/**
 * Decodes UTF-8 text, refusing binary content: a NUL byte in the first 8 KB, or bytes that are
 * not UTF-8, mean the file is not text.
 */
export function decodeText(bytes: Uint8Array, source: string): string {
  if (bytes.subarray(0, 8192).includes(0)) throw new UnreadableDocumentError({ source, reason: "binary", detail: "binary file, skipped" });
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  } catch (error) {
    throw new UnreadableDocumentError({ source, reason: "binary", detail: "not UTF-8 text, skipped", cause: error });
  }
}
