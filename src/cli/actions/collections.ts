import { NotFoundError } from "../../errors/index.js";
import type { CommandContext } from "../command-context.js";
import { formatTime, renderTable } from "../output/format.js";

/** Prints every collection. */
export async function listCollections(context: CommandContext, options: { json?: boolean }): Promise<number> {
  const flywheel = await context.flywheel();
  const collections = await flywheel.store.collections.list();
  if (options.json === true) {
    context.terminal.line(JSON.stringify(collections, null, 2));
    return 0;
  }
  if (collections.length === 0) {
    context.terminal.line("no collections yet: flywheel ingest <path> --collection <name>");
    return 0;
  }
  const rows = collections.map((item) => [item.name, String(item.documentCount), String(item.chunkCount), item.embeddingModel, String(item.dimensions), item.vectorIndex, formatTime(item.updatedAt)]);
  context.terminal.line(renderTable(["name", "documents", "chunks", "embedding model", "dims", "index", "updated"], rows));
  return 0;
}

/** Deletes one collection. */
export async function deleteCollection(context: CommandContext, name: string): Promise<number> {
  const flywheel = await context.flywheel();
  if (!(await flywheel.store.collections.delete(name))) throw new NotFoundError({ what: "collection", id: name, hint: "run `flywheel collections list`" });
  context.terminal.line(`deleted collection ${name}`);
  return 0;
}
