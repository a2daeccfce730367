import type { Command } from "commander";
import { runAction } from "../run-action.js";

/** `flywheel collections list|delete`. */
export function registerCollectionsCommand(program: Command): void {
  const collections = program.command("collections").description("list or delete retrieval collections");
  collections
    .command("list")
    .description("list collections with their model and size")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => runAction(async (context) => (await import("../actions/collections.js")).listCollections(context, options)));
  collections
    .command("delete")
    .description("delete a collection and everything in it")
    .argument("<name>", "collection name")
    .action((name: string) => runAction(async (context) => (await import("../actions/collections.js")).deleteCollection(context, name)));
}
