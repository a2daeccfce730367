import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../../errors/index.js";

/**
 * Resolves promptfoo's `nunjucksFilters` (filter name to a module path relative to the
 * config) to absolute paths. promptfoo globs each path and silently skips one that matches
 * nothing (a `file://` prefix included), so every template using the filter then fails to
 * render; Flywheel refuses such a filter at load time instead, naming its key.
 */
export function resolveNunjucksFilters(filters: Record<string, string> | undefined, context: { baseDir: string; file: string }): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, file] of Object.entries(filters ?? {})) {
    const absolute = path.resolve(context.baseDir, file);
    if (!existsSync(absolute)) {
      throw new ConfigError({
        file: context.file,
        key: `nunjucksFilters.${name}`,
        found: JSON.stringify(file),
        expected: "the path of a JavaScript module, relative to the config, that exports the filter function",
        hint: file.startsWith("file://") ? `write the path without file:// (promptfoo does not read it either): ${name}: ./${file.slice(7).replace(/^\.\//, "")}` : `check that ${file} exists next to the config (globs are not supported here)`,
      });
    }
    resolved[name] = absolute;
  }
  return resolved;
}
