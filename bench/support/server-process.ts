import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The in-repo protocol server running in a process of its own, so it never competes with the measured client for the event loop. */
export interface ServerProcess {
  url: string;
  /** The process id, to read its CPU time. */
  pid: number;
  openaiBaseURL: string;
  anthropicBaseURL: string;
  stop(): Promise<void>;
}

/** Starts `test/support/protocol-server/serve.ts` and waits for its URL. */
export async function startServerProcess(options: { latencyMs?: number; chunkDelayMs?: number } = {}): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    [path.join(root, "test", "support", "protocol-server", "serve.ts"), "--latency-ms", String(options.latencyMs ?? 0), "--chunk-delay-ms", String(options.chunkDelayMs ?? 0)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(line.trim()));
    child.once("exit", (code) => reject(new Error(`protocol server exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: `${url}/v1`,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
