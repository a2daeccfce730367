import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { LoadedDocument } from "../loaders/loaded-document.js";
import { UnreadableDocumentError } from "../rag-errors.js";

const corpusLineSchema = z.looseObject({
  _id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().optional(),
  text: z.string(),
});

/** One line of a BEIR corpus, as its raw text (for hashing) and the document it holds. */
export interface CorpusEntry {
  raw: string;
  document: LoadedDocument;
}

/** A line of a BEIR corpus that holds no document, and why. */
export interface CorpusProblem {
  /** `<corpus source>:<line>`. */
  source: string;
  error: UnreadableDocumentError;
}

const HINT = "a BEIR corpus has one JSON object a line: _id, title, text";

/** Reads a BEIR `corpus.jsonl`: one document a line, its source `<corpus source>#<_id>`; a bad line is a problem, not the end. */
export async function readBeirCorpus(file: string, corpusSource: string): Promise<(CorpusEntry | CorpusProblem)[]> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const entries: (CorpusEntry | CorpusProblem)[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    const source = `${corpusSource}:${index + 1}`;
    const problem = (detail: string) => entries.push({ source, error: new UnreadableDocumentError({ source, reason: "bad-line", detail: `${detail}, skipped (${HINT})` }) });
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      problem("not JSON");
      return;
    }
    const result = corpusLineSchema.safeParse(parsed);
    if (!result.success) {
      problem("lacks _id or text");
      return;
    }
    const { _id: id, title, text } = result.data;
    entries.push({
      raw: line,
      document: {
        source: `${corpusSource}#${id}`,
        title: title ?? "",
        kind: "beir",
        format: "text",
        segments: [{ text }],
        metadata: { id },
      },
    });
  });
  return entries;
}
