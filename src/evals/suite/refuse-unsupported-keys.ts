import { readFile } from "node:fs/promises";
import { ConfigError } from "../../errors/index.js";
import { yamlKeyPosition } from "./yaml-key-position.js";

// Top-level promptfoo keys that change which cells run or how they are judged. Running
// without them would give different verdicts, so they are refused, not warned about.
const refusedTopLevelKeys: Record<string, string> = {
  extensions: "extension hooks can change tests and results; remove them or run the suite with promptfoo",
};

/**
 * Throws a ConfigError naming the first top-level key Flywheel refuses (see
 * `refusedTopLevelKeys`), with its `line:column` when the suite file is YAML or JSON.
 */
export async function refuseUnsupportedKeys(data: Record<string, unknown>, file: string | undefined, name: string): Promise<void> {
  const key = Object.keys(refusedTopLevelKeys).find((candidate) => data[candidate] !== undefined);
  if (key === undefined) return;
  const position = file === undefined || /\.[cm]?[jt]s$/.test(file) ? undefined : yamlKeyPosition(await readFile(file, "utf8"), [key]);
  throw new ConfigError({
    file: position === undefined ? name : `${name}:${position}`,
    key,
    found: `\`${key}\`, which Flywheel does not support`,
    expected: "only supported promptfoo keys",
    hint: refusedTopLevelKeys[key],
  });
}
