import { readFile } from "node:fs/promises";
import { datasetSplitSchema, readDatasetRows, resolveDatasetVersion } from "../../datasets/index.js";
import type { SuiteFile } from "../../evals/index.js";
import { UsageError } from "../../errors/index.js";
import { datasetAssertions, datasetEvalSuite } from "../../finetune/index.js";
import type { DatasetAssertion } from "../../finetune/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { EvalCommandOptions } from "../commands/eval.js";

/** The suite of `flywheel eval --dataset`: a dataset split's rows as cases, on the chosen models. */
export async function datasetSuite(flywheel: Flywheel, options: EvalCommandOptions): Promise<SuiteFile> {
  const reference = options.dataset!;
  const assertion = (options.assert ?? "auto") as DatasetAssertion;
  if (!datasetAssertions.includes(assertion)) throw new UsageError(`unknown assertion "${options.assert ?? ""}"`, `use one of ${datasetAssertions.join(", ")}`);
  const split = datasetSplitSchema.safeParse(options.split ?? "test");
  if (!split.success) throw new UsageError(`unknown split "${options.split ?? ""}"`, "use train, validation or test");
  let schema: Record<string, unknown> | undefined;
  if (options.schema !== undefined) {
    try {
      schema = JSON.parse(await readFile(options.schema, "utf8")) as Record<string, unknown>;
    } catch {
      throw new UsageError(`cannot read the JSON schema "${options.schema}"`, "pass a JSON file");
    }
  }
  const version = await resolveDatasetVersion(flywheel.store, reference);
  const rows = await readDatasetRows(flywheel.store, version, { split: split.data });
  const models = options.model ?? [flywheel.config.defaultModel];
  return datasetEvalSuite(flywheel, {
    rows,
    models: models.map((modelId) => ({ modelId })),
    description: `${split.data} split of ${version.dataset}@${version.version}`,
    assertion,
    ...(schema === undefined ? {} : { schema }),
  });
}
