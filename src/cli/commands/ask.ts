import type { Command } from "commander";
import type { RerankMethod } from "../../rag/rag-settings.js";
import { collect, integerFrom, numberIn } from "../option-parsers.js";
import { fusionWeights, rerankMethod, searchMode } from "../rag-options.js";
import { runAction } from "../run-action.js";
import { tagOption } from "../tag-option.js";

/** Options of `flywheel ask`. */
export interface AskCommandOptions {
  collection: string;
  model?: string;
  mode?: "auto" | "vector" | "bm25" | "hybrid";
  k?: number;
  filter?: string[];
  weights?: { vector?: number; bm25?: number };
  rerank?: string;
  rerankMethod?: RerankMethod;
  prompt?: string;
  minScore?: number;
  maxTokens?: number;
  tag?: string[];
  json?: boolean;
}

/** `flywheel ask "<question>" --collection <c>`. */
export function registerAskCommand(program: Command): void {
  program
    .command("ask")
    .description("answer a question from a collection, streamed, with numbered citations")
    .argument("<question...>", "the question")
    .requiredOption("--collection <name>", "collection to answer from")
    .option("-m, --model <id>", "chat model (default: defaultModel in config, local:default)")
    .option("--mode <mode>", "retrieval mode: auto (the collection's calibrated choice), vector, bm25 or hybrid (default: rag.mode in config, auto)", searchMode)
    .option("-k, --k <n>", "passages given to the model (default: rag.k in config, else 5)", integerFrom(1))
    .option("-f, --filter <key=value>", "only documents with source=<glob>, kind=<kind> or <metadata key>=<value>; repeatable", collect)
    .option("--weights <vector=w,bm25=w>", "fusion weights for hybrid retrieval", fusionWeights)
    .option("--rerank <model>", "rerank the passages with this chat model first (default: rag.rerank.model in config, else none)")
    .option("--rerank-method <method>", "pointwise (yes/no probability per passage, embedded models), listwise (one call), cross-encoder (rag.rerank.crossEncoder) or auto (default: rag.rerank.method in config, auto)", rerankMethod)
    .option("--prompt <file>", "prompt file replacing the built-in one ({{question}}, {{context}}; optional front matter `system:`)")
    .option("--min-score <similarity>", "least cosine similarity that counts as relevant (default: rag.minScore in config, else the embedding model's own level)", numberIn(-1, 1))
    .option("--max-tokens <n>", "most tokens in the answer (default 400)", integerFrom(1))
    .addOption(tagOption())
    .option("--json", "print one JSON object: answer, citations, trace id")
    .action((words: string[], options: AskCommandOptions) => runAction(async (context) => (await import("../actions/ask.js")).askAction(context, words.join(" "), options)));
}
