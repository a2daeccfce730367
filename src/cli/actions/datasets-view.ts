import { diffDatasetVersions, exportDataset, exportFormats, parseDatasetReference, readDatasetRows, resolveDatasetVersion } from "../../datasets/index.js";
import type { CleanStepReport, DatasetSplit, ExportFormat } from "../../datasets/index.js";
import { datasetSplitSchema } from "../../datasets/index.js";
import { UsageError } from "../../errors/index.js";
import type { CommandContext } from "../command-context.js";
import { formatTime, oneLine, renderTable } from "../output/format.js";
import { stepLine, versionLine } from "./datasets-report.js";

function splitOption(split: string | undefined): DatasetSplit | undefined {
  if (split === undefined) return undefined;
  const parsed = datasetSplitSchema.safeParse(split);
  if (!parsed.success) throw new UsageError(`unknown split "${split}"`, "use train, validation or test");
  return parsed.data;
}

/** `flywheel datasets list`. */
export async function listDatasets(context: CommandContext, options: { json?: boolean }): Promise<void> {
  const flywheel = await context.flywheel();
  const latest = await flywheel.store.datasets.listDatasets();
  if (options.json === true) {
    context.terminal.line(JSON.stringify(latest, null, 2));
    return;
  }
  if (latest.length === 0) {
    context.terminal.line("no datasets yet: create one with `flywheel datasets create <name> --from-traces`");
    return;
  }
  context.terminal.line(
    renderTable(
      ["dataset", "version", "rows", "train", "validation", "test", "source", "created"],
      latest.map((version) => [
        version.dataset,
        String(version.version),
        String(version.rowCount),
        String(version.splits.train),
        String(version.splits.validation),
        String(version.splits.test),
        String(version.source.kind ?? ""),
        formatTime(version.createdAt),
      ]),
    ),
  );
}

/** `flywheel datasets show`. */
export async function showDataset(context: CommandContext, reference: string, options: { rows?: number; split?: string; json?: boolean }): Promise<void> {
  const flywheel = await context.flywheel();
  const version = await resolveDatasetVersion(flywheel.store, reference);
  const split = splitOption(options.split);
  const rows = await readDatasetRows(flywheel.store, version, { limit: options.rows ?? 5, ...(split === undefined ? {} : { split }) });
  if (options.json === true) {
    context.terminal.line(JSON.stringify({ ...version, rows }, null, 2));
    return;
  }
  context.terminal.line(versionLine(version));
  context.terminal.line(`  created ${formatTime(version.createdAt)} from ${JSON.stringify(version.source)}`);
  const cleaning = version.report.cleaning;
  if (Array.isArray(cleaning)) for (const step of cleaning as CleanStepReport[]) context.terminal.line(stepLine(step));
  for (const row of rows) {
    const user = [...row.messages].reverse().find((message) => message.role === "user")?.content ?? "";
    const reply = row.messages.at(-1)?.content ?? "";
    context.terminal.line(`  [${row.split ?? "-"}] ${oneLine(user, 60)} -> ${oneLine(reply, 50)}`);
  }
}

/** `flywheel datasets diff`. */
export async function diffDatasets(context: CommandContext, from: string, to: string, options: { json?: boolean }): Promise<void> {
  const target = to.startsWith("@") ? `${parseDatasetReference(from).name}${to}` : to;
  const flywheel = await context.flywheel();
  const diff = await diffDatasetVersions(flywheel.store, from, target);
  if (options.json === true) {
    context.terminal.line(JSON.stringify(diff, null, 2));
    return;
  }
  context.terminal.line(`${diff.from.dataset}@${diff.from.version} (${diff.from.rows} rows) -> ${diff.to.dataset}@${diff.to.version} (${diff.to.rows} rows)`);
  context.terminal.line(`  +${diff.added} added, -${diff.removed} removed, ${diff.moved} moved between splits, ${diff.unchanged} unchanged`);
  for (const text of diff.samples.added) context.terminal.line(`  + ${text}`);
  for (const text of diff.samples.removed) context.terminal.line(`  - ${text}`);
}

/** `flywheel datasets export`. */
export async function exportDatasetFile(context: CommandContext, reference: string, options: { format: string; out: string; split?: string }): Promise<void> {
  if (!(exportFormats as readonly string[]).includes(options.format)) {
    throw new UsageError(`unknown export format "${options.format}"`, `use one of ${exportFormats.join(", ")}`);
  }
  const flywheel = await context.flywheel();
  const split = splitOption(options.split);
  const result = await exportDataset(flywheel.store, { reference, format: options.format as ExportFormat, out: options.out, ...(split === undefined ? {} : { split }) });
  context.terminal.line(`wrote ${result.rows} rows of ${result.dataset}@${result.version} to ${result.file} (${options.format})`);
}
