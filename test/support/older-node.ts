import { execFileSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";

/** A Node.js binary older than 22 on this machine, and its version. */
export interface OlderNode {
  /** Absolute path of the binary. */
  path: string;
  /** Its version, e.g. `20.20.2`. */
  version: string;
}

// Where a system Node usually lives, besides the PATH.
const usualPlaces = ["/usr/bin/node", "/usr/local/bin/node", "/bin/node", "/opt/homebrew/bin/node"];

/**
 * Finds a Node.js older than 22 (the system's, typically): the PATH's entries outside any
 * `node_modules/.bin` (npm puts the project's own Node 22 there), then the usual places.
 * Undefined when this machine has none.
 */
export function findOlderNode(): OlderNode | undefined {
  const fromPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((folder) => folder !== "" && !folder.split(path.sep).includes("node_modules"))
    .map((folder) => path.join(folder, process.platform === "win32" ? "node.exe" : "node"));
  const seen = new Set<string>();
  for (const candidate of [...fromPath, ...usualPlaces]) {
    if (!existsSync(candidate)) continue;
    const real = realpathSync(candidate);
    if (seen.has(real)) continue;
    seen.add(real);
    const version = execFileSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
    if (Number(version.split(".")[0]) < 22) return { path: candidate, version };
  }
  return undefined;
}
