import type { Command } from "commander";
import { runAction } from "../run-action.js";

/** `flywheel collections list|show|delete`. */
export function registerCollectionsCommand(program: Command): void {
  const collections = program.command("collections").description("list, show or delete retrieval collections");
  collections
    .command("list")
    .description("list collections with their model and size")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => runAction(async (context) => (await import("../actions/collections.js")).listCollections(context, options)));
  collections
    .command("show")
    .description("show a collection: model, size, chunking, and how much of its text the model can read")
    .argument("<name>", "collection name")
    .option("--json", "print JSON")
    .action((name: string, options: { json?: boolean }) => runAction(async (context) => (await import("../actions/collections.js")).showCollection(context, name, options)));
  collections
    .command("delete")
    .description("delete a collection and everything in it")
    .argument("<name>", "collection name")
    .action((name: string) => runAction(async (context) => (await import("../actions/collections.js")).deleteCollection(context, name)));
}
