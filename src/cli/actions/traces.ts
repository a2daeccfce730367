import { NotFoundError, UsageError } from "../../errors/index.js";
import type { TraceSummary } from "../../store/index.js";
import type { CommandContext } from "../command-context.js";
import type { TracesListOptions } from "../commands/traces.js";
import { formatCost, formatDuration, formatTime, oneLine, renderTable } from "../output/format.js";
import { renderTraceTree } from "../output/trace-tree.js";

const statuses = ["ok", "error", "cancelled", "running", "interrupted", "unset"];

/** Prints recent traces as a table or JSON. */
export async function listTraces(context: CommandContext, options: TracesListOptions): Promise<void> {
  if (options.status !== undefined && !statuses.includes(options.status)) {
    throw new UsageError(`unknown status "${options.status}"`, `use one of ${statuses.join(", ")}`);
  }
  const store = await context.store();
  const page = await store.traces.listTraces({
    model: options.model,
    status: options.status as TraceSummary["status"] | undefined,
    since: options.since === undefined ? undefined : Date.now() - options.since,
    search: options.search,
    limit: options.limit ?? 20,
  });
  if (options.json === true) {
    context.terminal.line(JSON.stringify(page, null, 2));
    return;
  }
  if (page.traces.length === 0) {
    context.terminal.info("no traces yet: run a prompt with `flywheel run \"hello\"`");
    return;
  }
  context.terminal.line(
    renderTable(
      ["trace", "time", "name", "model", "status", "tokens in/out", "cost", "latency", "input"],
      page.traces.map((trace) => [
        trace.traceId.slice(0, 12),
        formatTime(trace.startTime),
        trace.name ?? "-",
        trace.model ?? "-",
        trace.status,
        `${trace.inputTokens}/${trace.outputTokens}`,
        formatCost(trace.costUsd),
        formatDuration(trace.durationMs),
        oneLine(trace.inputPreview, 40),
      ]),
    ),
  );
}

/** Prints one trace as a tree, or as JSON. */
export async function showTrace(context: CommandContext, id: string, options: { json?: boolean }): Promise<void> {
  const store = await context.store();
  const detail = await store.traces.getTrace(id);
  if (detail === undefined) throw new NotFoundError({ what: "trace", id, hint: "list trace ids with `flywheel traces list`" });
  context.terminal.line(options.json === true ? JSON.stringify(detail, null, 2) : renderTraceTree(detail));
}
