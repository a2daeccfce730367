import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { flywheelBin } from "./run-cli.js";

/** A `flywheel worker` process running in the background. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once its output contains `text`; rejects after `timeoutMs` or if it exits first. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with its exit code (or signal) once it has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `flywheel worker ...args` (the built CLI, as a user runs it). */
export function startWorkerProcess(args: string[], options: { cwd: string; env: Record<string, string | undefined> }): WorkerProcess {
  const child = spawn(process.execPath, [flywheelBin, "worker", ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => output,
    exited,
    waitFor(text, timeoutMs = 30_000) {
      const seen = () => (typeof text === "string" ? output.includes(text) : text.test(output));
      return new Promise((resolve, reject) => {
        const timer = setInterval(() => {
          if (seen()) {
            clearInterval(timer);
            resolve();
          }
        }, 25);
        void exited.then(() => {
          if (seen()) return;
          clearInterval(timer);
          reject(new Error(`the worker exited before printing ${String(text)}:\n${output}`));
        });
        setTimeout(() => {
          clearInterval(timer);
          if (!seen()) reject(new Error(`the worker did not print ${String(text)} in ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
      });
    },
  };
}
