import { readFileSync } from "node:fs";
import { ConfigError } from "../../errors/index.js";
import { isKnownAssertionType } from "../assertions/registry.js";
import { yamlKeyPosition } from "./yaml-key-position.js";

/**
 * Throws a ConfigError when Flywheel has no handler for an assertion type, naming the type,
 * its key path (`where`, e.g. `tests[3].assert[1]` or `defaultTest.assert[0]`) and, for an
 * assertion written in the suite file itself, its `line:column`. A suite that would run
 * with some assertions skipped gives different verdicts from promptfoo, so none runs.
 */
export function refuseUnknownAssertionType(type: string, where: string, file: string): void {
  if (isKnownAssertionType(type)) return;
  const key = `${where}.type`;
  const position = /^(tests|defaultTest)\b/.test(where) ? suitePosition(file, key) : undefined;
  throw new ConfigError({
    file: position === undefined ? file : `${file}:${position}`,
    key,
    found: `\`${type}\`, an assertion type Flywheel does not support`,
    expected: "a supported assertion type",
    hint: "remove the assertion, or run this suite with promptfoo",
  });
}

// `tests[3].assert[1].type` → line:column in the suite file, when it is YAML or JSON text.
function suitePosition(file: string, key: string): string | undefined {
  if (!/\.(ya?ml|json)$/i.test(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const steps = [...key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] === undefined ? match[1]! : Number(match[2])));
  return yamlKeyPosition(text, steps);
}
