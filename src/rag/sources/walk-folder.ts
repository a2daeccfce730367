import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import ignore from "ignore";
import type { Ignore } from "ignore";

/**
 * Skipped unless named directly: hidden files and folders (`.git`, `.env` with its secrets,
 * `.gitignore` itself) and installed dependencies.
 */
export const DEFAULT_EXCLUDES = [".*", "node_modules/"];

interface Rules {
  /** Folder the rules are relative to. */
  base: string;
  rules: Ignore;
}

/**
 * Every file under `root`, honouring `.gitignore` files at every level (as git does) and extra
 * gitignore-style `excludes` relative to `root`. Symbolic links to folders are not followed.
 */
export async function walkFolder(root: string, excludes: string[] = []): Promise<string[]> {
  const files: string[] = [];
  const top: Rules = { base: root, rules: ignore().add([...DEFAULT_EXCLUDES, ...excludes]) };
  const visit = async (folder: string, stack: Rules[]) => {
    const local = await readFile(path.join(folder, ".gitignore"), "utf8").catch(() => undefined);
    const rules = local === undefined ? stack : [...stack, { base: folder, rules: ignore().add(local) }];
    const entries = await readdir(folder, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      const isFolder = entry.isDirectory();
      if (isIgnored(rules, full, isFolder)) continue;
      if (isFolder) await visit(full, rules);
      else if (entry.isFile() || entry.isSymbolicLink()) files.push(full);
    }
  };
  await visit(root, [top]);
  return files;
}

function isIgnored(stack: Rules[], file: string, isFolder: boolean): boolean {
  return stack.some(({ base, rules }) => {
    const relative = path.relative(base, file).split(path.sep).join("/");
    return relative !== "" && !relative.startsWith("..") && rules.ignores(isFolder ? `${relative}/` : relative);
  });
}
