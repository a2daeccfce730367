import type { Command } from "commander";
import { runAction } from "../run-action.js";

/** Options of `flywheel prompts list|show|history`. */
export interface PromptsCommandOptions {
  json?: boolean;
}

/** `flywheel prompts`: prompt versions by content hash, with their live metrics, history and diffs. */
export function registerPromptsCommand(program: Command): void {
  const prompts = program.command("prompts").description("prompt versions (by content hash) with their live metrics, history and word diffs");
  prompts
    .command("list")
    .description("each prompt: versions seen, calls, first and last use (prompt files and the store)")
    .option("--json", "print JSON")
    .action((options: PromptsCommandOptions) => runAction(async (context) => (await import("../actions/prompts.js")).listPrompts(context, options)));
  prompts
    .command("show")
    .description("a version's text and live metrics (calls, latency, cost, errors, feedback, online checks) and eval score; without @hash, the file's version and every version's metrics")
    .argument("<name[@hash]>", "a prompt name, optionally with a version hash (4+ characters)")
    .option("--json", "print JSON")
    .action((reference: string, options: PromptsCommandOptions) => runAction(async (context) => (await import("../actions/prompts.js")).showPrompt(context, reference, options)));
  prompts
    .command("history")
    .description("a prompt's versions: those seen in use, and the file's commits when it is in a git repository")
    .argument("<name>", "a prompt name")
    .option("--json", "print JSON")
    .action((name: string, options: PromptsCommandOptions) => runAction(async (context) => (await import("../actions/prompts.js")).promptHistory(context, name, options)));
  prompts
    .command("diff")
    .description("a word diff between two versions: `prompts diff support@3f2a @9c1b` (a bare name is the file's version)")
    .argument("<from>", "name@hash")
    .argument("[to]", "@hash, name@hash or name (default: the file's version)")
    .action((from: string, to: string | undefined) => runAction(async (context) => (await import("../actions/prompts.js")).diffPrompts(context, from, to)));
}
