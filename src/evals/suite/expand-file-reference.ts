import path from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";

/**
 * The files a `file://` reference names, relative to `baseDir`: the one resolved path,
 * or, when it holds glob characters (`*`, `?`, `[...]`, `{a,b}`), every matching file in
 * sorted order (an empty list when none match). promptfoo takes glob's walk order, which
 * is neither sorted nor stable across machines; sorting keeps runs repeatable.
 */
export function expandFileReference(reference: string, baseDir: string): string[] {
  const withoutScheme = reference.startsWith("file://") ? reference.slice("file://".length) : reference;
  if (!isDynamicPattern(withoutScheme)) return [path.resolve(baseDir, withoutScheme)];
  return globSync(withoutScheme, { cwd: baseDir, absolute: true, onlyFiles: true, expandDirectories: false }).sort();
}
