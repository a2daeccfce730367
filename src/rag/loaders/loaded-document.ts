import type { SupportedTextSplitterLanguage } from "@langchain/textsplitters";
import type { TextFormat, TextSegment } from "../chunking/chunk-text.js";

/** A document read into text, ready to chunk. */
export interface LoadedDocument {
  /** Path relative to where ingest ran, a URL, or `<corpus>#<id>`. */
  source: string;
  title: string;
  /** Which loader read it: markdown, text, html, pdf, code, beir. */
  kind: string;
  /** How to cut it. */
  format: TextFormat;
  /** Programming language, for code. */
  language?: SupportedTextSplitterLanguage;
  /** The text: one segment, or one per page. */
  segments: TextSegment[];
  /** Facts to filter on (`extension`, `language`, ...). */
  metadata: Record<string, string>;
}

/** What a loader reads. */
export interface LoaderInput {
  bytes: Uint8Array;
  /** The document's source (path or URL). */
  source: string;
  /** The file name, for a title when the document has none. */
  fileName: string;
}

/** Turns bytes into a document. Throws UnreadableDocumentError for input it must skip. */
export type DocumentLoader = (input: LoaderInput) => Promise<LoadedDocument>;
