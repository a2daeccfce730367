import type { Command } from "commander";
import { duration, integerFrom } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel traces list`. */
export interface TracesListOptions {
  model?: string;
  status?: string;
  since?: number;
  search?: string;
  limit?: number;
  json?: boolean;
}

/** Options of `flywheel traces prune`. */
export interface TracesPruneOptions {
  olderThan?: number;
  dryRun?: boolean;
  json?: boolean;
}

/** `flywheel traces list|show|prune`: what was called, with tokens, cost and latency. */
export function registerTracesCommand(program: Command): void {
  const traces = program.command("traces").description("list and inspect traces of model calls, runs and agents");
  traces
    .command("list")
    .description("list recent traces, newest first")
    .option("-m, --model <id>", "only traces that called this model")
    .option("--status <status>", "only traces with this status: ok, error, cancelled, running, interrupted")
    .option("--since <span>", "only traces from the last span of time, e.g. 30m, 12h, 7d", duration)
    .option("--search <text>", "only traces whose name, input or output contains the text")
    .option("-n, --limit <n>", "how many to show (default 20)", integerFrom(1))
    .option("--json", "print JSON, token counts included")
    .action((options: TracesListOptions) => runAction(async (context) => (await import("../actions/traces.js")).listTraces(context, options)));
  traces
    .command("show")
    .description("show one trace as a tree of spans with inputs, outputs, tokens, cost and latency")
    .argument("<id>", "trace id, or a unique prefix of at least 6 characters")
    .option("--json", "print JSON: the trace summary and every span with its attributes")
    .action((id: string, options: { json?: boolean }) => runAction(async (context) => (await import("../actions/traces.js")).showTrace(context, id, options)));
  traces
    .command("prune")
    .description("delete finished traces older than a span of time, with their spans (default span: traces.retention in config)")
    .option("--older-than <span>", "delete traces that started longer ago than this, e.g. 30d, 12h, 2w", duration)
    .option("--dry-run", "count what would be deleted, delete nothing")
    .option("--json", "print the counts as JSON")
    .action((options: TracesPruneOptions) => runAction(async (context) => (await import("../actions/traces-prune.js")).pruneTraces(context, options)));
}
