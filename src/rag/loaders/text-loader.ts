import { decodeText } from "./decode-text.js";
import type { DocumentLoader } from "./loaded-document.js";
import { extensionOf } from "./markdown-loader.js";

/** Plain text: cut at paragraphs, lines and words; titled by its file name. */
export const loadText: DocumentLoader = async ({ bytes, source, fileName }) => ({
  source,
  title: fileName,
  kind: "text",
  format: "text",
  segments: [{ text: decodeText(bytes, source) }],
  metadata: { extension: extensionOf(fileName) },
});
