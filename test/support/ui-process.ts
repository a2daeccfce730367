import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { flywheelBin } from "./run-cli.js";

/** A `flywheel ui` process started by a test. */
export interface UiProcess {
  /** The URL it printed. */
  url: string;
  /** Everything it printed so far. */
  output(): { stdout: string; stderr: string };
  /** Sends Ctrl-C and waits for the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns the built `flywheel ui --port 0 --no-open [...args]` and waits until it prints its URL. */
export async function startUiProcess(options: { cwd: string; env: Record<string, string | undefined>; args?: string[] }): Promise<UiProcess> {
  const child = spawn(process.execPath, [flywheelBin, "ui", "--port", "0", "--no-open", ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (url === undefined) {
    url = /^Flywheel workbench (http:\/\/[^\s#]+)/m.exec(stdout)?.[1];
    if (url !== undefined) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`flywheel ui did not start: ${stderr}`);
    }
    await sleep(50);
  }
  return {
    url: url.replace("0.0.0.0", "127.0.0.1"),
    output: () => ({ stdout, stderr }),
    stop: () => {
      child.kill("SIGINT");
      return exited;
    },
  };
}
