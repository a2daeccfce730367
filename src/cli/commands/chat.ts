import type { Command } from "commander";
import { integerFrom, numberIn, variable } from "../option-parsers.js";
import { runAction } from "../run-action.js";
import { tagOption } from "../tag-option.js";

/** Options of `flywheel chat`. */
export interface ChatCommandOptions {
  model?: string;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  tag?: string[];
  prompt?: string;
  var?: Record<string, string>;
}

/** `flywheel chat`: an interactive, multi-turn conversation. */
export function registerChatCommand(program: Command): void {
  program
    .command("chat")
    .description("talk to a model, turn by turn, each turn a trace of one conversation (/reset starts a new one, /exit or Ctrl-D ends)")
    .option("-m, --model <id>", "model id (default: defaultModel in config, local:default)")
    .option("-s, --system <text>", "system message")
    .option("-t, --temperature <number>", "sampling temperature, 0 to 2", numberIn(0, 2))
    .option("--max-tokens <n>", "most tokens per reply", integerFrom(1))
    .option("--prompt <file>", "chat on a prompt file (*.prompt.md): its system message, model and parameters; every turn records the prompt's version")
    .option("--var <name=value>", "a value for one of the prompt file's {{variables}} in its system message; repeatable", variable)
    .addOption(tagOption())
    .action((options: ChatCommandOptions) => runAction(async (context) => (await import("../actions/chat.js")).chat(context, options)));
}
