import type { SupportedTextSplitterLanguage } from "@langchain/textsplitters";
import type { ChunkLocation } from "../../store/index.js";
import type { TokenCounter } from "../token-counter.js";
import { markdownSections } from "./markdown-sections.js";

/** How a document's text is shaped, which decides where it may be cut. */
export type TextFormat = "markdown" | "text" | "code";

/** One piece of a document: a PDF page, or the whole text. */
export interface TextSegment {
  text: string;
  /** 1-based page, for paged documents. */
  page?: number;
  /** 1-based line of the segment's first line (default 1). */
  firstLine?: number;
}

/** Chunk size and overlap, in tokens of the embedding model's tokenizer. */
export interface ChunkingOptions {
  /** Most tokens of text in a chunk, not counting the special tokens the model adds (default 200; all-MiniLM-L6-v2 reads 256 in all). */
  chunkSize: number;
  /** Tokens shared by neighbouring chunks of one section (default 30). */
  chunkOverlap: number;
  /** The tokenizer's counter (the embedding model's own, so a chunk's size is what the model will read). */
  countTokens: TokenCounter;
}

/** A chunk before embedding. */
export interface TextChunk {
  text: string;
  headingPath: string[];
  location: ChunkLocation;
  tokenCount: number;
}

/**
 * Cuts text into chunks along its structure: markdown at headings first, then at code fences,
 * paragraphs, lines and words; code at its language's declarations. Sizes count tokens, so a
 * chunk fits the embedding model. Each chunk keeps its heading path and page or line range.
 */
export async function chunkText(
  segments: TextSegment[],
  options: ChunkingOptions & { format: TextFormat; language?: SupportedTextSplitterLanguage },
): Promise<TextChunk[]> {
  // LangChain's splitters (and LangChain core under them) load only when something is ingested.
  const { RecursiveCharacterTextSplitter } = await import("@langchain/textsplitters");
  // The splitter adds up the sizes of the pieces it joins, so a piece's size leaves out the special
  // tokens (and any prefix) that a counter adds to every text: the model adds them once per chunk.
  const overhead = options.countTokens("");
  const lengthFunction = (text: string) => options.countTokens(text) - overhead;
  const splitterOptions = { chunkSize: options.chunkSize, chunkOverlap: Math.min(options.chunkOverlap, Math.floor(options.chunkSize / 2)), lengthFunction };
  const splitter =
    options.format === "markdown"
      ? RecursiveCharacterTextSplitter.fromLanguage("markdown", splitterOptions)
      : options.format === "code" && options.language !== undefined
        ? RecursiveCharacterTextSplitter.fromLanguage(options.language, splitterOptions)
        : new RecursiveCharacterTextSplitter(splitterOptions);
  const chunks: TextChunk[] = [];
  let headingPath: string[] = [];
  for (const segment of segments) {
    const baseLine = segment.firstLine ?? 1;
    const sections =
      options.format === "markdown" ? markdownSections(segment.text, headingPath) : [{ headingPath: [], text: segment.text, firstLine: 0 }];
    for (const section of sections) {
      headingPath = section.headingPath;
      const pieces = await splitter.splitText(section.text);
      let cursor = 0;
      for (const piece of pieces) {
        const text = piece.trim();
        if (text === "") continue;
        const found = section.text.indexOf(text, cursor);
        const offset = found >= 0 ? found : cursor;
        if (found >= 0) cursor = found + 1;
        const lineStart = baseLine + section.firstLine + countNewlines(section.text, offset);
        const lineEnd = lineStart + countNewlines(text, text.length);
        const location: ChunkLocation = segment.page !== undefined ? { page: segment.page } : { lineStart, lineEnd };
        chunks.push({ text, headingPath: section.headingPath, location, tokenCount: options.countTokens(text) });
      }
    }
  }
  return chunks;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < end; index = text.indexOf("\n", index + 1)) count++;
  return count;
}
