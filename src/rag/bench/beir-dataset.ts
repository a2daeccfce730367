import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { UsageError } from "../../errors/index.js";

/** A BEIR test set's queries and graded judgments (the corpus is ingested separately). */
export interface BeirDataset {
  folder: string;
  corpusFile: string;
  /** Queries that have at least one judgment, by id. */
  queries: { id: string; text: string }[];
  /** Judgments: query id -> corpus id -> graded score (0 means judged not relevant). */
  qrels: Map<string, Map<string, number>>;
  /** Queries dropped for having no judgments. */
  skippedQueries: number;
}

const querySchema = z.looseObject({ _id: z.union([z.string(), z.number()]).transform(String), text: z.string() });

/**
 * Reads `queries.jsonl` and `qrels/test.tsv` (with or without a header line) from a BEIR folder.
 * Queries without judgments are skipped, as trec_eval does.
 */
export async function readBeirDataset(folder: string): Promise<BeirDataset> {
  const corpusFile = path.join(folder, "corpus.jsonl");
  const qrelsFile = path.join(folder, "qrels", "test.tsv");
  for (const file of [corpusFile, path.join(folder, "queries.jsonl"), qrelsFile]) {
    if (!existsSync(file)) throw new UsageError(`${folder} is not a BEIR folder: ${path.relative(folder, file)} is missing`, "a BEIR folder has corpus.jsonl, queries.jsonl and qrels/test.tsv");
  }
  const qrels = new Map<string, Map<string, number>>();
  for (const line of (await readFile(qrelsFile, "utf8")).split("\n")) {
    const [queryId, corpusId, score] = line.trim().split("\t");
    if (queryId === undefined || corpusId === undefined || score === undefined || !/^-?\d+$/.test(score)) continue; // the header, blank lines
    const judged = qrels.get(queryId) ?? new Map<string, number>();
    judged.set(corpusId, Number(score));
    qrels.set(queryId, judged);
  }
  const all = (await readFile(path.join(folder, "queries.jsonl"), "utf8"))
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => querySchema.parse(JSON.parse(line)));
  const queries = all.filter((query) => [...(qrels.get(query._id)?.values() ?? [])].some((score) => score > 0)).map((query) => ({ id: query._id, text: query.text }));
  return { folder, corpusFile, queries, qrels, skippedQueries: all.length - queries.length };
}
