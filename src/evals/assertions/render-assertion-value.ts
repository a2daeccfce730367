import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { TemplateRenderer } from "../templates/index.js";
import { AssertionValueError } from "./assertion-types.js";

const scriptTypes = new Set(["javascript", "python"]);

/**
 * The value an assertion compares with: strings (and strings in lists) rendered as Nunjucks
 * templates with the test's vars, without the suite's custom filters (as promptfoo does);
 * a `file://` data file loaded (JSON and YAML parsed, other files as text). javascript and
 * python `file://` values stay as written: their handlers run the file.
 */
export async function renderAssertionValue(options: { value: unknown; baseType: string; vars: Record<string, unknown>; baseDir: string; templates: TemplateRenderer }): Promise<unknown> {
  const { value, baseType, vars, baseDir, templates } = options;
  const render = (template: string) => templates.render(template, vars, { filters: false });
  if (typeof value === "string") {
    if (scriptTypes.has(baseType)) return value.startsWith("file://") ? value : render(value);
    if (value.startsWith("file://")) return loadDataFile(path.resolve(baseDir, value.slice("file://".length)));
    return render(value);
  }
  if (Array.isArray(value)) {
    return Promise.all(value.map((item) => (typeof item === "string" ? (item.startsWith("file://") ? loadDataFile(path.resolve(baseDir, item.slice(7))) : render(item)) : item)));
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
