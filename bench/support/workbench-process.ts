import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `flywheel ui` running in a process of its own, as a user starts it. */
export interface WorkbenchProcess {
  url: string;
  /** The process id, to read its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

/** Starts the built CLI's `ui --port 0 --no-open` in `cwd` with `env`, and waits for the URL it prints. */
export async function startWorkbenchProcess(options: { cwd: string; env: Record<string, string> }): Promise<WorkbenchProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "bin", "flywheel.js"), "ui", "--port", "0", "--no-open"], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const match = /(http:\/\/\S+)/.exec(line);
      if (match !== null) resolve(match[1]!);
    });
    child.once("exit", (code) => reject(new Error(`flywheel ui exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
}
