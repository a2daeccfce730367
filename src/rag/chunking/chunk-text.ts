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
      const pieces = await splitSection(section.text, splitter, options.chunkSize, lengthFunction);
      let cursor = 0;
      const linesBefore = newlinesBefore(section.text);
      for (const piece of pieces) {
        const text = piece.trim();
        if (text === "") continue;
        const found = section.text.indexOf(text, cursor);
        const offset = found >= 0 ? found : cursor;
        if (found >= 0) cursor = found + 1;
        const lineStart = baseLine + section.firstLine + linesBefore(offset);
        const lineEnd = lineStart + text.split("\n").length - 1;
        const location: ChunkLocation = segment.page !== undefined ? { page: segment.page } : { lineStart, lineEnd };
        chunks.push({ text, headingPath: section.headingPath, location, tokenCount: options.countTokens(text) });
      }
    }
  }
  return chunks;
}

// A run of this many characters without whitespace (a minified file, base64, one huge token) would
// send the splitter down to one character at a time, measuring each: minutes for a few megabytes.
const LONG_RUN = 2000;

/** The splitter's pieces of a section, with long runs without whitespace cut directly into windows that fit. */
async function splitSection(text: string, splitter: { splitText(text: string): Promise<string[]> }, chunkSize: number, length: (text: string) => number): Promise<string[]> {
  const pieces: string[] = [];
  let start = 0;
  for (const run of longRuns(text)) {
    for (const piece of await splitter.splitText(text.slice(start, run.start))) pieces.push(piece);
    // Tokens of such runs span a few characters each: start wide and halve the window until it fits.
    for (let offset = run.start; offset < run.end; ) {
      let window = Math.min(chunkSize * 8, run.end - offset);
      while (window > 1 && length(text.slice(offset, offset + window)) > chunkSize) window = Math.floor(window / 2);
      pieces.push(text.slice(offset, offset + window));
      offset += window;
    }
    start = run.end;
  }
  for (const piece of await splitter.splitText(text.slice(start))) pieces.push(piece);
  return pieces;
}

/**
 * Where the text has LONG_RUN or more characters without whitespace. Found from the whitespace
 * between runs: a pattern for the runs themselves overflows the regexp stack on a 10 MB one.
 */
function* longRuns(text: string): Generator<{ start: number; end: number }> {
  const space = /\s+/g;
  let runStart = 0;
  for (let match = space.exec(text); ; match = space.exec(text)) {
    const runEnd = match === null ? text.length : match.index;
    if (runEnd - runStart >= LONG_RUN) yield { start: runStart, end: runEnd };
    if (match === null) return;
    runStart = match.index + match[0].length;
  }
}

/**
 * Counts the newlines before each offset asked for, in one pass over the text (offsets must not
 * decrease): counting from the top for every chunk was quadratic in a long document.
 */
function newlinesBefore(text: string): (offset: number) => number {
  let count = 0;
  let next = text.indexOf("\n");
  return (offset) => {
    while (next !== -1 && next < offset) {
      count++;
      next = text.indexOf("\n", next + 1);
    }
    return count;
  };
}
