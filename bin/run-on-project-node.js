// Runs the `flywheel` command on the project's own Node 22 (the `node` package, a dev
// dependency) when the launcher was started by an older Node: the same arguments, the
// terminal shared, SIGINT, SIGTERM and SIGHUP passed on, and the child's exit code (or the
// signal that ended it) made the launcher's own.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const forwardedSignals = ["SIGINT", "SIGTERM", "SIGHUP"];

/** The binary of the `node` package (22 or newer) installed beside this one, or undefined. */
export function projectNode() {
  let manifestFile;
  try {
    manifestFile = createRequire(import.meta.url).resolve("node/package.json");
  } catch {
    return undefined;
  }
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  // On Windows the package's install script points `bin` at node.exe.
  const binary = path.join(path.dirname(manifestFile), typeof manifest.bin === "string" ? manifest.bin : manifest.bin.node);
  return Number(manifest.version.split(".")[0]) >= 22 && existsSync(binary) ? binary : undefined;
}

/** Runs this launcher again on the project's Node 22, or says what to run when there is none. */
export function runOnProjectNode() {
  const node = projectNode();
  if (node === undefined) {
    console.error(`error: flywheel needs Node.js 22 or newer, and this is ${process.version}`);
    console.error(`hint: install Node.js 22 or newer (https://nodejs.org), or run it on npm's Node 22: ${npxCommand()}`);
    process.exitCode = 1;
    return;
  }
  const launcher = fileURLToPath(new URL("./flywheel.js", import.meta.url));
  const child = spawn(node, [...process.execArgv, launcher, ...process.argv.slice(2)], { stdio: "inherit" });
  // A Ctrl-C in a terminal reaches both processes; a signal sent to this one alone is passed on.
  const forward = (signal) => child.kill(signal);
  for (const signal of forwardedSignals) process.on(signal, forward);
  child.on("error", (error) => {
    console.error(`error: cannot start Node 22 at ${node}: ${error.message}`);
    console.error("hint: reinstall the project's dependencies with `npm ci`, or install Node.js 22 or newer");
    process.exitCode = 1;
  });
  child.on("exit", (code, signal) => {
    for (const name of forwardedSignals) process.off(name, forward);
    if (signal === null) {
      process.exitCode = code ?? 1;
      return;
    }
    // End the way the child ended; the exit code is the shell's 128 + n where the signal does not.
    process.exitCode = 128 + (constants.signals[signal] ?? 0);
    process.kill(process.pid, signal);
  });
}

/** This very command run through npx with npm's `node@22` package, quoted for a POSIX shell. */
function npxCommand() {
  const script = path.relative(process.cwd(), process.argv[1]);
  const words = ["npx", "-y", "-p", "node@22", "--", "node", script.startsWith("..") ? process.argv[1] : script, ...process.argv.slice(2)];
  return words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`)).join(" ");
}
