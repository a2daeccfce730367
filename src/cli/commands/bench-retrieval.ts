import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { fusionWeights } from "../rag-options.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel bench-retrieval`. */
export interface BenchRetrievalCommandOptions {
  modes: ("vector" | "bm25" | "hybrid")[];
  embeddingModel?: string;
  collection?: string;
  weights?: { vector?: number; bm25?: number };
  json?: boolean;
}

/** `flywheel bench-retrieval <beir-folder>`. */
export function registerBenchRetrievalCommand(program: Command): void {
  program
    .command("bench-retrieval")
    .description("measure retrieval on a BEIR folder: nDCG@10, recall@10, recall@100, MRR@10 and queries/s per mode")
    .argument("<beir-folder>", "folder with corpus.jsonl, queries.jsonl and qrels/test.tsv")
    .option("--modes <list>", "comma-separated modes (default: bm25,vector,hybrid)", modeList, ["bm25", "vector", "hybrid"])
    .option("-e, --embedding-model <id>", "embedding model (default: rag.embeddingModel in config, else defaultEmbeddingModel, local:embed)")
    .option("--collection <name>", "collection to ingest into (default: beir-<folder>-<model>; reused by later runs)")
    .option("--weights <vector=w,bm25=w>", "fusion weights for hybrid mode", fusionWeights)
    .option("--json", "print the result as JSON")
    .action((folder: string, options: BenchRetrievalCommandOptions) =>
      runAction(async (context) => (await import("../actions/bench-retrieval.js")).benchRetrievalAction(context, folder, options)),
    );
}

function modeList(value: string): ("vector" | "bm25" | "hybrid")[] {
  const modes = value.split(",").map((mode) => mode.trim());
  for (const mode of modes) if (!["vector", "bm25", "hybrid"].includes(mode)) throw new InvalidArgumentError(`unknown mode "${mode}": use bm25, vector, hybrid`);
  return modes as ("vector" | "bm25" | "hybrid")[];
}
