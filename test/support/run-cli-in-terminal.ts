import { spawn } from "node:child_process";
import { flywheelBin } from "./run-cli.js";

/** What a CLI run on a pseudo-terminal printed (stdout and stderr together) and returned. */
export interface TerminalResult {
  code: number | null;
  output: string;
}

const quote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs `node bin/flywheel.js ...args` on a pseudo-terminal (util-linux `script`), so the
 * command sees a TTY as it does for a user at a shell, and types `input` at it.
 */
export function runCliInTerminal(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; input: string; timeoutMs?: number }): Promise<TerminalResult> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, flywheelBin, ...args].map(quote).join(" ");
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: "dumb", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end(options.input);
  });
}
