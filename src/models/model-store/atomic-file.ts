import { open, rename, rm } from "node:fs/promises";
import { ModelStoreDiskError } from "./model-store-errors.js";

/** The name a file has while it is being written; never mistaken for a finished file. */
export function partialPath(file: string): string {
  return `${file}.partial`;
}

/** Flushes a file to disk, so a rename after it cannot expose a file with missing bytes. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsyncs `from` and renames it to `to` (atomic on one file system). */
export async function commitFile(from: string, to: string): Promise<void> {
  try {
    await fsyncFile(from);
    await rename(from, to);
  } catch (error) {
    throw new ModelStoreDiskError({ path: to, action: "write", cause: error });
  }
}

/** Writes a text file atomically: to `<file>.partial`, fsync, rename. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = partialPath(file);
  try {
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new ModelStoreDiskError({ path: file, action: "write", cause: error });
  }
}
