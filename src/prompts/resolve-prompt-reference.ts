import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { FlywheelConfig } from "../config/index.js";
import type { Store } from "../store/index.js";
import { UnknownPromptError } from "./prompt-errors.js";
import { loadPromptFile, parsePromptFile, PROMPT_HASH_DISPLAY_LENGTH } from "./prompt-file.js";
import type { PromptFile } from "./prompt-file.js";

/** What resolving a prompt reference reads: the config (cwd, `prompts.dir`) and the stored versions. */
export interface PromptReferenceContext {
  config: Pick<FlywheelConfig, "cwd" | "prompts">;
  store: Pick<Store, "prompts">;
}

/**
 * Finds the prompt a reference names:
 * - a path (`prompts/support.prompt.md`, anything with `/` or ending in `.md`): that file;
 * - `name`: the file `<prompts.dir>/<name>.prompt.md`, or the file there whose front matter
 *   names it;
 * - `name@hash` (a prefix of at least 4 hex characters): that version, from the file when its
 *   content has that hash, else from the versions the store has seen in use.
 * Throws `UnknownPromptError` (one line, with a hint) when nothing matches or a prefix is ambiguous.
 */
export async function resolvePromptReference(context: PromptReferenceContext, reference: string): Promise<PromptFile> {
  if (reference.includes("/") || reference.includes("\\") || reference.endsWith(".md")) return loadPromptFile(path.resolve(context.config.cwd, reference));
  const at = reference.lastIndexOf("@");
  const name = at === -1 ? reference : reference.slice(0, at);
  const hashPrefix = at === -1 ? undefined : reference.slice(at + 1).toLowerCase();
  if (hashPrefix !== undefined && !/^[0-9a-f]{4,64}$/.test(hashPrefix)) {
    throw new UnknownPromptError({ reference, reason: "the version after @ is not a hash", hint: `write name@<hash>, with at least 4 hex characters of the hash \`flywheel prompts history ${name}\` lists` });
  }
  const directory = path.resolve(context.config.cwd, context.config.prompts.dir);
  const file = await findPromptFile(directory, name);
  if (file !== undefined && (hashPrefix === undefined || file.hash.startsWith(hashPrefix))) return file;
  if (hashPrefix === undefined) {
    throw new UnknownPromptError({ reference, reason: `no ${name}.prompt.md in ${context.config.prompts.dir}/`, hint: `add prompts/${name}.prompt.md, set prompts.dir, or pass the file's path` });
  }
  const stored = await context.store.prompts.versionsByPrefix(name, hashPrefix);
  if (stored.length > 1) {
    throw new UnknownPromptError({
      reference,
      reason: `${stored.length} versions start with ${hashPrefix}`,
      hint: `give more of the hash: ${stored.map((version) => version.hash.slice(0, PROMPT_HASH_DISPLAY_LENGTH + 4)).join(", ")}`,
    });
  }
  const version = stored[0];
  if (version === undefined) {
    throw new UnknownPromptError({
      reference,
      reason: file === undefined ? "no such prompt file and no stored version" : `the file's version is ${file.hash.slice(0, PROMPT_HASH_DISPLAY_LENGTH)} and no stored version starts with ${hashPrefix}`,
      hint: `list the versions seen with \`flywheel prompts history ${name}\``,
    });
  }
  return parsePromptFile(version.source, { file: version.file ?? undefined });
}

/** The prompt file named `name` in `directory`: `<name>.prompt.md`, else the one whose front matter names it. */
async function findPromptFile(directory: string, name: string): Promise<PromptFile | undefined> {
  const named = path.join(directory, `${name}.prompt.md`);
  if (existsSync(named)) return loadPromptFile(named);
  return pickPromptFile(await loadPromptFiles(directory), name);
}

/** The `*.prompt.md` files of a folder that parse, by file name; none when the folder is missing. */
export async function loadPromptFiles(directory: string): Promise<PromptFile[]> {
  let entries: string[];
  try {
    entries = (await readdir(directory)).filter((entry) => entry.endsWith(".prompt.md")).sort();
  } catch {
    return [];
  }
  const files: PromptFile[] = [];
  for (const entry of entries) {
    try {
      files.push(await loadPromptFile(path.join(directory, entry)));
    } catch {
      // A file that does not parse names no version; running it reports its error.
    }
  }
  return files;
}

/** The file a prompt name means among `files`: `<name>.prompt.md` first, else the first whose front matter names it. */
export function pickPromptFile(files: readonly PromptFile[], name: string): PromptFile | undefined {
  return files.find((file) => path.basename(file.file ?? "") === `${name}.prompt.md`) ?? files.find((file) => file.name === name);
}
