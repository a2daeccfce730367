import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../../errors/index.js";
import type { SuiteFile } from "../suite/suite-schema.js";

/**
 * Reads a YAML or JSON suite file and puts `models` in place of its providers (in that order,
 * so the first is variant 0), with the response cache off: what a model comparison runs.
 */
export async function suiteFileOnModels(file: string, models: readonly { id: string; label: string }[]): Promise<SuiteFile> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, "utf8"));
  } catch {
    throw new UsageError(`cannot read the suite "${file}"`, "pass a YAML or JSON eval suite file");
  }
  if (raw === null || typeof raw !== "object") throw new UsageError(`the suite "${file}" is not a mapping`, "pass a YAML or JSON eval suite file");
  return { ...(raw as SuiteFile), providers: models.map((model) => ({ id: model.id, label: model.label })), targets: undefined, cache: false };
}
