import { readFile } from "node:fs/promises";
import { synthesizeDataset } from "../../datasets/index.js";
import { UsageError } from "../../errors/index.js";
import type { CommandContext } from "../command-context.js";
import type { DatasetsSynthOptions } from "../commands/datasets.js";
import { datasetBuildSettings } from "./dataset-build-options.js";
import { printSaved } from "./datasets-report.js";

/** `flywheel datasets synth`. */
export async function synthDataset(context: CommandContext, name: string, options: DatasetsSynthOptions): Promise<void> {
  let schema: Record<string, unknown> | undefined;
  if (options.schema !== undefined) {
    try {
      schema = JSON.parse(await readFile(options.schema, "utf8")) as Record<string, unknown>;
    } catch {
      throw new UsageError(`cannot read the JSON schema "${options.schema}"`, "pass a JSON file");
    }
  }
  const flywheel = await context.flywheel();
  const settings = datasetBuildSettings(options, flywheel);
  const saved = await synthesizeDataset(flywheel, {
    name,
    from: options.from,
    count: options.n,
    teacher: options.teacher,
    ...(schema === undefined ? {} : { schema }),
    ...(options.perCall === undefined ? {} : { perCall: options.perCall }),
    includeSeed: options.includeSeed === true,
    ...settings,
    signal: context.signal,
    onProgress: ({ calls, kept, rejected }) => context.terminal.info(`teacher call ${calls}: ${kept} kept, ${rejected} rejected`),
  });
  const synthesis = saved.synthesis;
  if (synthesis.kept < options.n) context.terminal.warn(`kept ${synthesis.kept} of the ${options.n} examples asked for after ${synthesis.calls} teacher calls`);
  printSaved(context.terminal, saved, {
    json: options.json,
    lines: [
      `  ${"teacher".padEnd(14)}${synthesis.teacher}: ${synthesis.calls} calls, ${synthesis.generated} generated, ${synthesis.kept} kept; rejected ${synthesis.rejected.invalid} invalid, ${synthesis.rejected.schema} off-schema, ${synthesis.rejected.duplicateOfSeed} copies of the seed, ${synthesis.rejected.duplicate} duplicates`,
      ...synthesis.examples.map((example) => `    ${example}`),
    ],
  });
}
