import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { CancelledError } from "../../../errors/index.js";

/** Options of `runProcess`. */
export interface RunProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Each line of stdout and stderr, as it comes. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  signal?: AbortSignal;
}

/** How a process ended, with the last lines it printed (for error messages). */
export interface ProcessOutcome {
  code: number | null;
  /** The last 20 lines of output. */
  tail: string[];
  /** Set when the command could not be started at all (ENOENT). */
  spawnError?: NodeJS.ErrnoException;
}

/** Runs a command (no shell; arguments as an array) and resolves when it exits. */
export function runProcess(command: string, args: string[], options: RunProcessOptions = {}): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted === true) {
      reject(new CancelledError("the setup"));
      return;
    }
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const record = (stream: "stdout" | "stderr") => (line: string) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      options.onLine?.(line, stream);
    };
    createInterface({ input: child.stdout }).on("line", record("stdout"));
    createInterface({ input: child.stderr }).on("line", record("stderr"));
    const onAbort = () => child.kill("SIGTERM");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on("error", (error: NodeJS.ErrnoException) => {
      spawnError = error;
    });
    child.on("close", (code) => {
      options.signal?.removeEventListener("abort", onAbort);
      if (options.signal?.aborted === true) reject(new CancelledError("the setup"));
      else resolve({ code, tail, ...(spawnError === undefined ? {} : { spawnError }) });
    });
  });
}
