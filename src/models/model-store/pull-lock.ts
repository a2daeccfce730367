import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ModelStoreDiskError } from "./model-store-errors.js";

/**
 * Runs `work` while holding `<directory>/.pull.lock`, so two pulls of one model (two test
 * files, the CLI and the server) never write the same `.partial` file. The lock holds the
 * owner's pid; a lock whose process is gone is taken over. `onWait` is told once when this
 * pull has to wait for another.
 */
export async function withPullLock<T>(options: {
  directory: string;
  signal?: AbortSignal;
  onWait?: (ownerPid: number) => void;
  work: () => Promise<T>;
}): Promise<T> {
  const lock = path.join(options.directory, ".pull.lock");
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      await writeFile(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EEXIST") throw new ModelStoreDiskError({ path: lock, action: "create", cause: error });
    }
    const owner = Number((await readFile(lock, "utf8").catch(() => "")).trim());
    if (!Number.isInteger(owner) || owner <= 0 || !isAlive(owner)) {
      await rm(lock, { force: true });
      continue;
    }
    if (!told) options.onWait?.(owner);
    told = true;
    await sleep(250, undefined, options.signal ? { signal: options.signal } : {});
  }
  try {
    return await options.work();
  } finally {
    await rm(lock, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM";
  }
}
