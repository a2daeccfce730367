import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The built launcher, as a user runs it. */
export const flywheelBin = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "flywheel.js");

/** What a finished CLI run printed and returned. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options for `runCli`. */
export interface RunCliOptions {
  /** Working directory. */
  cwd: string;
  /** Environment added to a minimal one (PATH, HOME). */
  env?: Record<string, string | undefined>;
  /** Text piped to stdin; when absent stdin is closed empty. */
  input?: string;
  /** Called once the process is running, e.g. to send it SIGINT. */
  onSpawn?: (child: ChildProcess, output: { stdout: () => string }) => void;
  /** Kill after this long (default 30 s). */
  timeoutMs?: number;
  /** The Node binary that starts the launcher (default: this process's own). */
  node?: string;
}

/** Spawns `node bin/flywheel.js ...args` and collects its output and exit code. */
export function runCli(args: string[], options: RunCliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [flywheelBin, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
    options.onSpawn?.(child, { stdout: () => stdout });
  });
}
