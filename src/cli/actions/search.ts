import { UsageError } from "../../errors/index.js";
// The search module and its helpers alone, not the whole RAG index: a search has no use for
// the loaders, chunkers, answer prompts and benchmark that the index also brings (~30 ms).
import { formatLocation } from "../../rag/citations.js";
import { search } from "../../rag/search.js";
import type { CommandContext } from "../command-context.js";
import type { SearchCommandOptions } from "../commands/search.js";
import { oneLine } from "../output/format.js";
import { colors } from "../output/terminal.js";
import { filterFrom } from "../rag-options.js";

/** Prints the hits of a search, as lines or as JSON. */
export async function searchAction(context: CommandContext, query: string, options: SearchCommandOptions): Promise<number> {
  if (query.trim() === "") throw new UsageError("no query given", 'pass it as an argument: flywheel search "how do retries work" --collection docs');
  const flywheel = await context.flywheel();
  const result = await search(flywheel, {
    collection: options.collection,
    query,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.k ? { k: options.k } : {}),
    filter: filterFrom(options.filter),
    ...(options.weights ? { weights: options.weights } : {}),
    ...(options.rerank ? { rerankModel: options.rerank } : {}),
    ...(options.rerankMethod ? { rerankMethod: options.rerankMethod } : {}),
    signal: context.signal,
  });
  for (const warning of result.warnings) context.terminal.warn(warning);
  if (options.json === true) {
    const hits = result.hits.map((hit) => ({
      source: hit.source,
      chunkId: hit.chunkId,
      score: hit.score,
      title: hit.title,
      headingPath: hit.headingPath,
      location: hit.location,
      ...(hit.ranks ? { ranks: hit.ranks } : {}),
      text: hit.text,
    }));
    context.terminal.line(JSON.stringify({ collection: result.collection.name, mode: result.mode, query, hits }, null, 2));
    return 0;
  }
  if (result.hits.length === 0) {
    context.terminal.line(colors.dim(`no matches in ${result.collection.name}`));
    return 0;
  }
  result.hits.forEach((hit, index) => {
    const where = [formatLocation(hit.location), hit.headingPath.join(" > ")].filter((part) => part !== "").join(" · ");
    context.terminal.line(`${colors.bold(`${index + 1}.`)} ${colors.cyan(hit.source)}${where === "" ? "" : colors.dim(` (${where})`)}  ${colors.dim(`score ${hit.score.toFixed(4)} · chunk ${hit.chunkId}`)}`);
    context.terminal.line(`   ${oneLine(hit.text, 160)}`);
  });
  return 0;
}
