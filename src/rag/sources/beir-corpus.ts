import { readFile } from "node:fs/promises";
import { z } from "zod";
import { UsageError } from "../../errors/index.js";
import type { LoadedDocument } from "../loaders/loaded-document.js";

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

/** Reads a BEIR `corpus.jsonl`: one document a line, its source `<corpus source>#<_id>`. */
export async function readBeirCorpus(file: string, corpusSource: string): Promise<CorpusEntry[]> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const entries: CorpusEntry[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new UsageError(`${corpusSource}: line ${index + 1} is not JSON`, "a BEIR corpus has one JSON object a line: _id, title, text");
    }
    const result = corpusLineSchema.safeParse(parsed);
    if (!result.success) throw new UsageError(`${corpusSource}: line ${index + 1} lacks _id or text`, "a BEIR corpus has one JSON object a line: _id, title, text");
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
