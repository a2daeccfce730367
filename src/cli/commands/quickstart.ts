import type { Command } from "commander";
import { runAction } from "../run-action.js";

/** Options of `flywheel quickstart`. */
export interface QuickstartOptions {
  model?: string;
}

/** `flywheel quickstart`: the main job, on the embedded models, with no API key. */
export function registerQuickstartCommand(program: Command): void {
  program
    .command("quickstart")
    .description("tour Flywheel on the embedded models: answer a question, show its trace, compare two prompts in an eval")
    .option("-m, --model <id>", "chat model to use (default: defaultModel in config, local:default)")
    .action((options: QuickstartOptions) => runAction(async (context) => (await import("../actions/quickstart.js")).quickstart(context, options)));
}
