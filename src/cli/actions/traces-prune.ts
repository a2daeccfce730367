import { durationMs } from "../../config/index.js";
import { UsageError } from "../../errors/index.js";
import type { CommandContext } from "../command-context.js";
import type { TracesPruneOptions } from "../commands/traces.js";

/** Deletes (or with --dry-run counts) traces older than --older-than or `traces.retention`, and prints how many. */
export async function pruneTraces(context: CommandContext, options: TracesPruneOptions): Promise<void> {
  const retention = (await context.config()).traces.retention;
  const olderThan = options.olderThan ?? (retention === undefined ? undefined : durationMs(retention));
  if (olderThan === undefined) throw new UsageError("no age given to prune traces at", "pass --older-than 30d, or set traces.retention in the config file");
  const store = await context.store();
  const pruned = await store.traces.pruneTraces({ before: Date.now() - olderThan, dryRun: options.dryRun });
  if (options.json === true) {
    context.terminal.line(JSON.stringify({ ...pruned, dryRun: options.dryRun === true }));
    return;
  }
  context.terminal.line(`${options.dryRun === true ? "would delete" : "deleted"} ${pruned.traces} traces (${pruned.spans} spans) older than ${formatSpan(olderThan)}`);
}

function formatSpan(milliseconds: number): string {
  for (const [unit, size] of [["w", 604_800_000], ["d", 86_400_000], ["h", 3_600_000], ["m", 60_000]] as const) {
    if (milliseconds % size === 0) return `${milliseconds / size}${unit}`;
  }
  return `${milliseconds / 1000}s`;
}
