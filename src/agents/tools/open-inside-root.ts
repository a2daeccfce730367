import { constants } from "node:fs";
import type { Stats } from "node:fs";
import { open, readlink, realpath, stat } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { PathOutsideRootError, ToolError } from "../agent-errors.js";
import { isInsideRoot, resolveInsideRoot } from "./inside-root.js";
import type { ResolveInsideRootOptions } from "./inside-root.js";

/** A file or folder opened inside the root, checked after it was opened. */
export interface OpenedInsideRoot {
  handle: FileHandle;
  stats: Stats;
  /** A path that names the very object opened: `/proc/self/fd/<fd>` on Linux, else its checked real path. */
  path: string;
}

// O_NOFOLLOW refuses a last component that became a symlink; O_NONBLOCK keeps a FIFO from
// blocking the open until a writer comes (it is refused right after, by its type).
const openFlags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Opens a path inside the root, or throws. The path is resolved and checked first
 * (`resolveInsideRoot`), but a folder on the way may be swapped for a symlink between that
 * check and the open, so the opened descriptor is checked again: on Linux the path the kernel
 * gives for it must be inside the root; elsewhere its device and inode must be those of the
 * path resolved again, inside the root. Anything but a regular file or a folder (a FIFO, a
 * socket, a device) is refused, since reading it may never end.
 */
export async function openInsideRoot(options: ResolveInsideRootOptions): Promise<OpenedInsideRoot> {
  const real = await resolveInsideRoot(options);
  const root = await realpath(options.root);
  let handle: FileHandle;
  try {
    handle = await open(real, openFlags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw new PathOutsideRootError({ toolName: options.toolName, path: options.requested });
    if (code === "ENOENT") throw new ToolError({ toolName: options.toolName, code: "file-not-found", message: `no file or folder "${options.requested}"`, hint: "list the folder with list_files to see what exists" });
    throw error;
  }
  try {
    const stats = await handle.stat();
    const path = await checkedPath(handle, stats, root, real);
    if (path === undefined) throw new PathOutsideRootError({ toolName: options.toolName, path: options.requested });
    if (!stats.isFile() && !stats.isDirectory()) {
      throw new ToolError({ toolName: options.toolName, code: "not-a-file", message: `"${options.requested}" is not a regular file or folder (a pipe, socket or device)`, hint: "read regular files only" });
    }
    return { handle, stats, path };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A path to the opened object if it is inside the root, else undefined. */
async function checkedPath(handle: FileHandle, stats: Stats, root: string, real: string): Promise<string | undefined> {
  const descriptorPath = `/proc/self/fd/${handle.fd}`;
  const opened = process.platform === "linux" ? await readlink(descriptorPath).catch(() => undefined) : undefined;
  if (opened !== undefined) return isInsideRoot(root, opened) ? descriptorPath : undefined;
  const again = await realpath(real).catch(() => undefined);
  if (again === undefined || !isInsideRoot(root, again)) return undefined;
  const now = await stat(again);
  return now.dev === stats.dev && now.ino === stats.ino ? again : undefined;
}
