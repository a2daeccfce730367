import type { Command } from "commander";
import type { RerankMethod } from "../../rag/rag-settings.js";
import { collect, integerFrom } from "../option-parsers.js";
import { fusionWeights, rerankMethod, searchMode } from "../rag-options.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel search`. */
export interface SearchCommandOptions {
  collection: string;
  mode?: "auto" | "vector" | "bm25" | "hybrid";
  k?: number;
  filter?: string[];
  weights?: { vector?: number; bm25?: number };
  rerank?: string;
  rerankMethod?: RerankMethod;
  json?: boolean;
}

/** `flywheel search "<query>" --collection <c>`. */
export function registerSearchCommand(program: Command): void {
  program
    .command("search")
    .description("search a collection: hybrid (vectors + BM25 fused by reciprocal rank) by default")
    .argument("<query...>", "what to look for")
    .requiredOption("--collection <name>", "collection to search")
    .option("--mode <mode>", "auto (the collection's calibrated choice), vector, bm25 or hybrid (default: rag.mode in config, auto)", searchMode)
    .option("-k, --k <n>", "number of hits (default: rag.k in config, else 10)", integerFrom(1))
    .option("-f, --filter <key=value>", "only documents with source=<glob>, kind=<kind> or <metadata key>=<value>; repeatable", collect)
    .option("--weights <vector=w,bm25=w>", "fusion weights for hybrid mode", fusionWeights)
    .option("--rerank <model>", "rerank the candidates with this chat model (default: rag.rerank.model in config, else none)")
    .option("--rerank-method <method>", "pointwise (yes/no probability per passage, embedded models), listwise (one call), cross-encoder (rag.rerank.crossEncoder) or auto (default: rag.rerank.method in config, auto)", rerankMethod)
    .option("--json", "print hits as JSON: source, chunk id, score, text")
    .action((words: string[], options: SearchCommandOptions) => runAction(async (context) => (await import("../actions/search.js")).searchAction(context, words.join(" "), options)));
}
