import type { Command } from "commander";
import { integerFrom } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel ingest`. */
export interface IngestCommandOptions {
  collection: string;
  embeddingModel?: string;
  chunkSize?: number;
  chunkOverlap?: number;
  exclude?: string[];
  vectorIndex?: "exact" | "hnsw" | "diskann";
  maxFileBytes?: number;
  allowPrivateNetwork?: boolean;
  /** Run here even when a worker serves the ingest queue. */
  inProcess?: boolean;
  json?: boolean;
}

/** `flywheel ingest <inputs...> --collection <name>`. */
export function registerIngestCommand(program: Command): void {
  program
    .command("ingest")
    .description("load documents into a collection: chunk, embed and index them (incremental: unchanged files are skipped)")
    .argument("<inputs...>", "files, folders, quoted globs, corpus.jsonl (BEIR) files or http(s) URLs")
    .requiredOption("--collection <name>", "collection to create or update")
    .option("-e, --embedding-model <id>", "embedding model for a new collection (default: rag.embeddingModel in config, else defaultEmbeddingModel, local:embed)")
    .option("--chunk-size <tokens>", "most tokens per chunk (default: rag.chunkSize in config, 200)", integerFrom(16))
    .option("--chunk-overlap <tokens>", "tokens shared by neighbouring chunks (default: rag.chunkOverlap in config, 30)", integerFrom(0))
    .option("-x, --exclude <pattern...>", "gitignore-style patterns to skip inside folders")
    .option("--vector-index <kind>", "vector search of a new collection: exact, hnsw (fast at 100k+ chunks) or diskann (default: rag.vectorIndex in config, exact)")
    .option("--max-file-bytes <n>", "skip files larger than this many bytes (default: rag.maxFileBytes in config, 20971520)", integerFrom(1))
    .option("--allow-private-network", "let URLs reach localhost and private addresses (link-local and cloud metadata addresses stay refused)")
    .option("--in-process", "ingest in this process even when a `flywheel worker` serves the ingest queue")
    .option("--json", "print the summary as JSON")
    .action((inputs: string[], options: IngestCommandOptions) => runAction(async (context) => (await import("../actions/ingest.js")).ingestAction(context, inputs, options)));
}
