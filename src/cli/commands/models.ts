import type { Command } from "commander";
import { runAction } from "../run-action.js";

/** `flywheel models list|info`: what models there are and what they cost. */
export function registerModelsCommand(program: Command): void {
  const models = program.command("models").description("list models, show one, and manage embedded model files");
  models
    .command("list")
    .description("list the models in the catalog and the providers you can use")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => runAction(async (context) => (await import("../actions/models.js")).listModels(context, options)));
  models
    .command("info")
    .description("show what is known about one model: context window, capabilities, price")
    .argument("<id>", "model id, e.g. openai:gpt-4o-mini")
    .option("--json", "print JSON")
    .action((id: string, options: { json?: boolean }) => runAction(async (context) => (await import("../actions/models.js")).modelInfo(context, id, options)));
}
