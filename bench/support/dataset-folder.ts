import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The folder of a shared data set, `$FLYWHEEL_DATASETS/<name>`, or undefined when the variable is
 * unset or the set is not there. Data sets live outside the repository and are never copied in.
 */
export function datasetFolder(name: string): string | undefined {
  const root = process.env.FLYWHEEL_DATASETS;
  if (root === undefined || root === "") return undefined;
  const folder = path.resolve(root, name);
  return existsSync(folder) ? folder : undefined;
}
