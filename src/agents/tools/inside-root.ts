import { realpath } from "node:fs/promises";
import path from "node:path";
import { PathOutsideRootError, ToolError } from "../agent-errors.js";

/** Whether `candidate` is `root` or inside it, compared by path segments (so `/data` does not admit `/data-secret`). */
export function isInsideRoot(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  if (relative === "") return true;
  if (path.isAbsolute(relative)) return false;
  return relative.split(path.sep)[0] !== "..";
}

/** Options for `resolveInsideRoot`. */
export interface ResolveInsideRootOptions {
  /** The allowed folder. */
  root: string;
  /** The path the model asked for, relative to the root. */
  requested: string;
  /** For error messages. */
  toolName: string;
}

/**
 * Resolves a requested path to a real path inside the root, or throws. Checked twice: the
 * path as written (no `..` or absolute path may leave the root) and the real path with every
 * symlink followed (no link may lead out). Returns the real path; `openInsideRoot` opens it
 * and checks again what it opened.
 */
export async function resolveInsideRoot(options: ResolveInsideRootOptions): Promise<string> {
  const { requested, toolName } = options;
  if (requested.includes("\0")) throw new PathOutsideRootError({ toolName, path: requested.replaceAll("\0", "\\0") });
  const root = await realpath(options.root);
  const written = path.resolve(root, requested);
  if (!isInsideRoot(root, written)) throw new PathOutsideRootError({ toolName, path: requested });
  let real: string;
  try {
    real = await realpath(written);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new ToolError({ toolName, code: "file-not-found", message: `no file or folder "${requested}"`, hint: "list the folder with list_files to see what exists" });
    }
    throw error;
  }
  if (!isInsideRoot(root, real)) throw new PathOutsideRootError({ toolName, path: requested });
  return real;
}
