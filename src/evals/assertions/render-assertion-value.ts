import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { renderTemplate } from "../../prompts/index.js";
import { AssertionValueError } from "./assertion-types.js";

const scriptTypes = new Set(["javascript", "python"]);

/**
 * The value an assertion compares with: strings (and strings in lists) rendered with the
 * test's vars; a `file://` data file loaded (JSON and YAML parsed, other files as text).
 * javascript and python values stay as written: their handlers run the code or file.
 */
export async function renderAssertionValue(options: { value: unknown; baseType: string; vars: Record<string, unknown>; baseDir: string }): Promise<unknown> {
  const { value, baseType, vars, baseDir } = options;
  if (typeof value === "string") {
    if (scriptTypes.has(baseType)) return value.startsWith("file://") ? value : renderTemplate(value, vars, { strict: false });
    if (value.startsWith("file://")) return loadDataFile(path.resolve(baseDir, value.slice("file://".length)));
    return renderTemplate(value, vars, { strict: false });
  }
  if (Array.isArray(value)) {
    return Promise.all(value.map((item) => (typeof item === "string" ? (item.startsWith("file://") ? loadDataFile(path.resolve(baseDir, item.slice(7))) : renderTemplate(item, vars, { strict: false })) : item)));
  }
  return value;
}

async function loadDataFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new AssertionValueError(`cannot read the assertion value file ${file}`);
  }
  if (/\.json$/i.test(file)) return JSON.parse(text) as unknown;
  if (/\.ya?ml$/i.test(file)) return parseYaml(text) as unknown;
  return text;
}
