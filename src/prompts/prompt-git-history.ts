import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { parsePromptFile } from "./prompt-file.js";

const run = promisify(execFile);

/** One commit of a prompt file, with the version it holds. */
export interface PromptCommit {
  commit: string;
  /** Epoch ms of the commit. */
  time: number;
  subject: string;
  /** The version (content hash) of the file at that commit; null when it does not parse there. */
  hash: string | null;
}

/**
 * The commits that changed a prompt file, newest first, following renames, each with the hash
 * of the file's content at that commit. Empty when the file is not in a git repository or git
 * is not installed.
 */
export async function promptGitHistory(file: string, limit = 200): Promise<PromptCommit[]> {
  const folder = path.dirname(file);
  let log: string;
  try {
    log = (await run("git", ["-C", folder, "log", "--follow", `--max-count=${limit}`, "--format=%x1e%H%x1f%ct%x1f%s", "--name-only", "--", path.basename(file)], { maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch {
    return [];
  }
  const commits: PromptCommit[] = [];
  for (const entry of log.split("\u001e").slice(1)) {
    const [header = "", ...paths] = entry.split("\n").filter((line) => line !== "");
    const [commit = "", seconds = "0", subject = ""] = header.split("\u001f");
    const at = paths.at(-1);
    let hash: string | null = null;
    if (at !== undefined) {
      try {
        const text = (await run("git", ["-C", folder, "show", `${commit}:${at}`], { maxBuffer: 16 * 1024 * 1024 })).stdout;
        hash = parsePromptFile(text).hash;
      } catch {
        // The file does not parse at that commit (or is gone): listed without a version.
      }
    }
    commits.push({ commit, time: Number(seconds) * 1000, subject, hash });
  }
  return commits;
}
