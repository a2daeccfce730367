import type { Command } from "commander";
import { runAction } from "../run-action.js";

/** `flywheel collections list|show|calibrate|delete`. */
export function registerCollectionsCommand(program: Command): void {
  const collections = program.command("collections").description("list, show, calibrate or delete retrieval collections");
  collections
    .command("list")
    .description("list collections with their model and size")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => runAction(async (context) => (await import("../actions/collections.js")).listCollections(context, options)));
  collections
    .command("show")
    .description("show a collection: its model, size, chunking, how much of its text the model can read, and the search mode its calibration chose, with the evidence")
    .argument("<name>", "collection name")
    .option("--json", "print JSON")
    .action((name: string, options: { json?: boolean }) => runAction(async (context) => (await import("../actions/collections.js")).showCollection(context, name, options)));
  collections
    .command("calibrate")
    .description("measure vector, BM25 and hybrid search on pseudo-queries drawn from the collection, and keep the best for searches that name no mode")
    .argument("<name>", "collection name")
    .action((name: string) => runAction(async (context) => (await import("../actions/collections.js")).calibrateCollectionAction(context, name)));
  collections
    .command("delete")
    .description("delete a collection and everything in it")
    .argument("<name>", "collection name")
    .action((name: string) => runAction(async (context) => (await import("../actions/collections.js")).deleteCollection(context, name)));
}
