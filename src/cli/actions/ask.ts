import { UsageError } from "../../errors/index.js";
import { ask } from "../../rag/index.js";
import type { AskResult } from "../../rag/index.js";
import type { CommandContext } from "../command-context.js";
import type { AskCommandOptions } from "../commands/ask.js";
import { startSpinner } from "../output/spinner.js";
import { colors } from "../output/terminal.js";
import type { Terminal } from "../output/terminal.js";
import { filterFrom } from "../rag-options.js";

/** Streams a cited answer, then the numbered sources under it. */
export async function askAction(context: CommandContext, question: string, options: AskCommandOptions): Promise<number> {
  if (question.trim() === "") throw new UsageError("no question given", 'pass it as an argument: flywheel ask "how do retries work?" --collection docs');
  const flywheel = await context.flywheel();
  const { terminal } = context;
  const json = options.json === true;
  const spinner = json ? { stop: () => undefined } : startSpinner(terminal, "retrieving");
  let printed = "";
  try {
    const result = await ask(flywheel, {
      collection: options.collection,
      question,
      ...(options.model ? { model: options.model } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.k ? { k: options.k } : {}),
      filter: filterFrom(options.filter),
      ...(options.weights ? { weights: options.weights } : {}),
      ...(options.rerank ? { rerankModel: options.rerank } : {}),
      ...(options.rerankMethod ? { rerankMethod: options.rerankMethod } : {}),
      ...(options.prompt ? { promptFile: options.prompt } : {}),
      ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
      ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
      tags: options.tag,
      signal: context.signal,
      onText: (delta) => {
        spinner.stop();
        if (json) return;
        printed += delta;
        terminal.out(delta);
      },
    });
    spinner.stop();
    for (const warning of result.warnings) terminal.warn(warning);
    if (json) {
      terminal.line(JSON.stringify(result, null, 2));
      return 0;
    }
    if (!printed.endsWith("\n")) terminal.out("\n");
    printSources(terminal, result);
    return 0;
  } finally {
    spinner.stop();
  }
}

/** Prints the numbered sources of an answer under it (cited ones plain, the rest dimmed). */
export function printSources(terminal: Terminal, result: AskResult): void {
  if (result.citations.length === 0) {
    terminal.info(colors.dim(`trace ${result.traceId.slice(0, 12)}`));
    return;
  }
  terminal.line();
  terminal.line(colors.bold("Sources"));
  const cited = new Set(result.cited);
  for (const citation of result.citations) {
    const where = [citation.where, citation.headingPath.join(" > ")].filter((part) => part !== "").join(" · ");
    const line = `[${citation.number}] ${citation.source}${where === "" ? "" : ` (${where})`}`;
    terminal.line(cited.has(citation.number) || result.cited.length === 0 ? line : colors.dim(`${line} (not cited)`));
  }
  terminal.info(colors.dim(`${result.model} · trace ${result.traceId.slice(0, 12)}`));
}
