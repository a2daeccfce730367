import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { UsageError } from "../../errors/index.js";
import { experimentConfigOf, experimentReportMarkdown, experimentReportOf, listExperiments, shipExperiment, stopExperiment } from "../../experiments/index.js";
import type { CommandContext } from "../command-context.js";
import type { ExperimentsReportOptions } from "../commands/experiments.js";
import { experimentReportView } from "../output/experiment-report-view.js";
import { formatTime, renderTable } from "../output/format.js";

const FORMATS = ["terminal", "json", "md"] as const;

async function runtime(context: CommandContext) {
  const [config, store] = await Promise.all([context.config(), context.store()]);
  return { config, store };
}

/** `flywheel experiments list`. */
export async function listExperimentsAction(context: CommandContext, options: { json?: boolean }): Promise<void> {
  const listings = await listExperiments(await runtime(context));
  if (options.json === true) {
    context.terminal.line(JSON.stringify(listings, null, 2));
    return;
  }
  if (listings.length === 0) {
    context.terminal.line("no experiments: declare one under `experiments:` in flywheel.config.yaml");
    return;
  }
  const rows = listings.map((listing) => [
    listing.name,
    `${listing.status}${listing.winner === null ? "" : ` (${listing.winner})`}${listing.declared ? "" : " (no longer declared)"}`,
    listing.metric ?? "-",
    Object.entries(listing.calls)
      .map(([variant, calls]) => `${variant} ${calls}`)
      .join(", "),
    listing.startedAt === null ? "not started" : formatTime(listing.startedAt),
  ]);
  context.terminal.line(renderTable(["name", "status", "metric", "calls", "started"], rows));
}

/** `flywheel experiments report <name>`. */
export async function reportExperiment(context: CommandContext, name: string, options: ExperimentsReportOptions): Promise<void> {
  const format = options.format ?? formatOfFile(options.output);
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}"`, "use --format terminal, json or md");
  const report = await experimentReportOf(await runtime(context), name, Date.now());
  const text = format === "json" ? JSON.stringify(report, null, 2) : format === "md" ? experimentReportMarkdown(report) : experimentReportView(report);
  if (options.output === undefined) {
    context.terminal.line(text);
    return;
  }
  await writeFile(options.output, `${text}\n`);
  context.terminal.info(`report written to ${options.output}`);
}

function formatOfFile(file: string | undefined): string {
  const extension = file === undefined ? "" : extname(file).toLowerCase();
  return extension === ".json" ? "json" : extension === ".md" ? "md" : "terminal";
}

/** `flywheel experiments ship <name> <variant>`: ends it and says what to change to make the winner permanent. */
export async function shipExperimentAction(context: CommandContext, name: string, variant: string): Promise<void> {
  const winner = await shipExperiment(await runtime(context), name, variant, Date.now());
  context.terminal.line(`shipped ${variant}: every unit of experiment ${name} gets it from now on`);
  context.terminal.line(`to make ${variant} permanent:`);
  for (const step of permanentSteps(winner)) context.terminal.line(`  - ${step}`);
  context.terminal.line(`  - remove experiments.${name} from flywheel.config.yaml once no caller names experiment:${name}`);
}

function permanentSteps(winner: Awaited<ReturnType<typeof shipExperiment>>): string[] {
  const steps: string[] = [];
  if (winner.prompt !== undefined) steps.push(`make prompt ${winner.prompt} the current version: its text in the prompt's file, so callers that name the prompt get it`);
  if (winner.model !== undefined) steps.push(`set model: ${winner.model} in the prompt's front matter (or defaultModel in flywheel.config.yaml)`);
  const parameters = (["temperature", "maxTokens", "topP", "seed"] as const).filter((key) => winner[key] !== undefined).map((key) => `${key}: ${String(winner[key])}`);
  if (parameters.length > 0) steps.push(`set ${parameters.join(", ")} in the prompt's front matter or the callers' requests`);
  return steps;
}

/** `flywheel experiments stop <name>`. */
export async function stopExperimentAction(context: CommandContext, name: string): Promise<void> {
  const { config, store } = await runtime(context);
  await stopExperiment({ config, store }, name, Date.now());
  const [control] = Object.keys(experimentConfigOf(config, name).variants);
  context.terminal.line(`stopped experiment ${name}: every unit gets the control (${control}) from now on`);
}
