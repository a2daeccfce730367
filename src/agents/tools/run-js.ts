import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { runJsSettingsSchema } from "../../config/index.js";
import { CancelledError } from "../../errors/index.js";
import { SandboxError } from "../agent-errors.js";
import { defineTool } from "./agent-tool.js";
import type { AgentTool } from "./agent-tool.js";
import { acquireSandboxSlot } from "./sandbox-slots.js";

const runJsInput = z.object({
  /** JavaScript source; the value of the last expression is returned. */
  code: z.string().min(1).max(100_000).describe("JavaScript code; the value of the last expression is returned, console.log output too"),
});

/** Options for `runJsTool`. */
export interface RunJsToolOptions {
  /** Time limit per call (default: that of `agents.tools.run_js.timeoutMs` in config). */
  timeoutMs?: number;
  /** Memory limit of the interpreter, in MB (default: that of `agents.tools.run_js.memoryMb` in config); the process is stopped at this plus 160 MB. */
  memoryMb?: number;
  /** Most sandboxes running at once in this process (default: that of `agents.tools.run_js.maxConcurrent` in config); the time limit starts when a call's sandbox starts. */
  maxConcurrent?: number;
  /** Most characters of console output kept (default 20,000). */
  maxOutputChars?: number;
}

/** What one sandboxed run produced. */
export interface SandboxRun {
  /** JSON of the last expression's value (or `undefined`). */
  result: string;
  /** What the code wrote with console.log. */
  logs: string;
}

const defaults = runJsSettingsSchema.parse({});
const here = path.dirname(fileURLToPath(import.meta.url));
// Built package: the .js beside this file; running from source (tests): the .ts, which Node strips.
const workerFile = [path.join(here, "sandbox-worker.js"), path.join(here, "sandbox-worker.ts")].find((file) => existsSync(file)) as string;
const packageRoot = path.resolve(here, "..", "..", "..");
// The folders the interpreter's packages are read from: where they really are, and the path
// the worker's imports walk when node_modules is a link (pnpm, a shared install).
const quickjsRoots = [...new Set([path.dirname(path.dirname(createRequire(import.meta.url).resolve("quickjs-emscripten/package.json"))), path.join(packageRoot, "node_modules")])];
const permissionFlag = process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
// What a sandbox process holds besides the interpreter's memory: Node itself (~45 MB), the
// interpreter's code and first 16 MB, and the host heap that carries logs and the result.
const processOverheadMb = 160;
const hostHeapMb = 48;
const mebibyte = 1024 * 1024;

/** Resident memory of a process in bytes, where the system shows it (Linux); undefined elsewhere. */
function residentBytes(pid: number): number | undefined {
  try {
    const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Runs JavaScript in a sandbox: a separate Node process (no inherited environment, Node's
 * permission model denying file writes, reads outside the interpreter's own files, child
 * processes and workers) that evaluates the code in QuickJS compiled to WebAssembly, which
 * has no file, network or process API at all, under a memory limit and a deadline. The
 * process is killed if it outlives the time limit, grows past the memory limit plus its own
 * overhead, or the caller aborts. At most `maxConcurrent` sandboxes run at once; the others
 * wait (until the caller aborts) and their time limit starts when they run.
 */
export async function runInSandbox(code: string, options: RunJsToolOptions & { signal?: AbortSignal } = {}): Promise<SandboxRun> {
  const release = await acquireSandboxSlot(options.maxConcurrent ?? defaults.maxConcurrent, options.signal);
  try {
    return await runSandboxProcess(code, options);
  } finally {
    release();
  }
}

async function runSandboxProcess(code: string, options: RunJsToolOptions & { signal?: AbortSignal }): Promise<SandboxRun> {
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const memoryMb = options.memoryMb ?? defaults.memoryMb;
  options.signal?.throwIfAborted();
  const args = [
    permissionFlag,
    `--allow-fs-read=${workerFile}`,
    `--allow-fs-read=${path.join(packageRoot, "package.json")}`,
    ...quickjsRoots.map((root) => `--allow-fs-read=${root}`),
    "--disable-warning=ExperimentalWarning",
    // The host heap only carries the job, logs and the result; the code's own memory is the interpreter's.
    `--max-old-space-size=${hostHeapMb}`,
    workerFile,
  ];
  const child = spawn(process.execPath, args, { cwd: tmpdir(), env: {}, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let killedFor: "timeout" | "cancelled" | "output" | "memory" | undefined;
  const kill = (reason: "timeout" | "cancelled" | "output" | "memory") => {
    killedFor ??= reason;
    child.kill("SIGKILL");
  };
  const outputCap = (options.maxOutputChars ?? 20_000) * 4 + 10_000;
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    if (stdout.length > outputCap) kill("output");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < 4000) stderr += chunk.toString("utf8");
  });
  // The interpreter stops itself at the deadline; this is the backstop (startup takes a moment too).
  const timer = setTimeout(() => kill("timeout"), timeoutMs + 1500);
  // The interpreter's memory and the host heap are capped inside the process; this watches the whole of it.
  const watchdog = setInterval(() => {
    if ((residentBytes(child.pid ?? 0) ?? 0) > (memoryMb + processOverheadMb) * mebibyte) kill("memory");
  }, 20);
  const onAbort = () => kill("cancelled");
  options.signal?.addEventListener("abort", onAbort, { once: true });
  child.stdin.on("error", () => undefined);
  child.stdin.end(JSON.stringify({ code, timeoutMs, memoryBytes: memoryMb * mebibyte, maxOutputChars: options.maxOutputChars ?? 20_000 }));
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", resolve);
    });
    if (killedFor === "cancelled") throw new CancelledError("run_js");
    if (killedFor === "timeout") throw new SandboxError({ reason: "timeout", message: `the code ran past its ${timeoutMs} ms time limit` });
    if (killedFor === "output") throw new SandboxError({ reason: "error", message: "the code wrote too much output" });
    if (killedFor === "memory") throw new SandboxError({ reason: "memory", message: `the code used more than its ${memoryMb} MB memory limit` });
    const line = stdout.trim().split("\n").at(-1) ?? "";
    let outcome: { ok: boolean; result?: string; logs?: string; reason?: "timeout" | "memory" | "error"; message?: string };
    try {
      outcome = JSON.parse(line) as typeof outcome;
    } catch {
      const memory = /heap out of memory|allocation failed/i.test(stderr);
      throw new SandboxError({ reason: memory ? "memory" : "error", message: memory ? `the code used more than its ${memoryMb} MB memory limit` : `the sandbox stopped unexpectedly (exit ${exitCode ?? "signal"})` });
    }
    if (!outcome.ok) throw new SandboxError({ reason: outcome.reason ?? "error", message: `${outcome.message ?? "failed"}${outcome.logs ? `\nconsole output before the failure:\n${outcome.logs}` : ""}` });
    return { result: outcome.result ?? "undefined", logs: outcome.logs ?? "" };
  } finally {
    clearTimeout(timer);
    clearInterval(watchdog);
    options.signal?.removeEventListener("abort", onAbort);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** The `run_js` tool: evaluates JavaScript in an isolated sandbox process, with time and memory limits and no file or network access. */
export function runJsTool(options: RunJsToolOptions = {}): AgentTool<z.infer<typeof runJsInput>> {
  return defineTool({
    name: "run_js",
    description:
      "Runs JavaScript (ES2023, no modules) in a sandbox with no file, network or process access and returns the value of the last expression and any console.log output. Use it for computation and data transformation.",
    inputSchema: runJsInput,
    requiresApproval: true,
    execute: async ({ code }, { signal }) => {
      const run = await runInSandbox(code, { ...options, signal });
      return run.logs === "" ? run.result : `${run.logs}=> ${run.result}`;
    },
  });
}
