import type { Command } from "commander";
import { integerFrom, numberIn, variable } from "../option-parsers.js";
import { runAction } from "../run-action.js";
import { tagOption } from "../tag-option.js";

/** Options of `flywheel run`. */
export interface RunCommandOptions {
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  prompt?: string;
  var?: Record<string, string>;
  tag?: string[];
  json?: boolean;
}

/** `flywheel run <prompt>`: one prompt, streamed reply. */
export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description("send a prompt, or a prompt file, to a model and stream the reply (reads stdin when piped)")
    .argument("[prompt...]", "the prompt (with --prompt: the value of {{input}}); piped stdin is appended to it")
    .option("-m, --model <id>", "model id such as openai:gpt-4o-mini or local:default (default: defaultModel in config, local:default)")
    .option("-s, --system <text>", "system message")
    .option("-t, --temperature <number>", "sampling temperature, 0 to 2", numberIn(0, 2))
    .option("--max-tokens <n>", "most tokens to generate", integerFrom(1))
    .option("--seed <n>", "sampling seed, for reproducible output where the model supports it", integerFrom(0))
    .option("--prompt <file>", "run a prompt file (*.prompt.md): its system, template, model and parameters; the trace records its name")
    .option("--var <name=value>", "a value for one of the prompt file's {{variables}}; repeatable", variable)
    .addOption(tagOption())
    .option("--json", "print one JSON object (text, usage, cost, trace id) instead of streaming")
    .action((words: string[], options: RunCommandOptions) =>
      runAction(async (context) => (await import("../actions/run.js")).run(context, words, options)),
    );
}
