import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { ConfigError } from "../../errors/index.js";

/** Reads a file's text, or throws a ConfigError that names the file and who referenced it. */
export async function readTextFile(file: string, referencedFrom: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as { code?: string }).code === "ENOENT" ? "no such file" : "an unreadable file";
    throw new ConfigError({ file: referencedFrom, key: "", found: `${reason} ${file}`, expected: "a readable file", hint: "check the path; relative paths start from the suite file's folder" });
  }
}

/** Parses YAML (JSON is YAML) and reports a syntax error with its line. */
export function parseYamlText(text: string, file: string): unknown {
  try {
    return parseYaml(text) ?? undefined;
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : "";
    throw new ConfigError({
      file,
      key: "",
      found: `invalid YAML${where}`,
      expected: "valid YAML",
      hint: error instanceof Error ? error.message.split("\n")[0] : undefined,
    });
  }
}

/** Loads a JS/TS module's export (default when no name is given), compiling TS on the fly. */
export async function importModule(file: string, exportName?: string): Promise<unknown> {
  const { createJiti } = await import("jiti");
  const jiti = createJiti(pathToFileURL(file).href, { interopDefault: true, moduleCache: false });
  try {
    const module = (await jiti.import(file)) as Record<string, unknown>;
    if (exportName !== undefined) return module[exportName];
    return module.default ?? module;
  } catch (error) {
    throw new ConfigError({
      file,
      key: "",
      found: `a module that fails to load (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
      expected: "a module that loads",
    });
  }
}

/** Reads a YAML, JSON or TS/JS suite file into a plain value. */
export async function readSuiteFile(file: string): Promise<unknown> {
  if (/\.[cm]?[jt]s$/.test(file)) {
    const value = await importModule(file);
    return typeof value === "function" ? await (value as () => unknown)() : value;
  }
  return parseYamlText(await readTextFile(file, file), file);
}

/** Resolves `file://x` or `x` against a folder. */
export function resolveFileReference(reference: string, baseDir: string): string {
  const withoutScheme = reference.startsWith("file://") ? reference.slice("file://".length) : reference;
  return path.resolve(baseDir, withoutScheme);
}
