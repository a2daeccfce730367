import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { PythonMissingError, TrainingSetupError } from "../../finetune-errors.js";
import { pythonSourceDirectory, trainingPaths } from "./python-paths.js";
import type { TrainingPaths } from "./python-paths.js";
import { runProcess } from "./run-process.js";

/** A step of the setup, for a progress display. */
export interface SetupProgress {
  phase: "check" | "venv" | "install" | "converter" | "ready";
  message: string;
}

/** Options of `ensureTrainingEnvironment`. */
export interface TrainingEnvironmentOptions {
  /** Flywheel's home; the environment goes to `<home>/finetune`. */
  home: string;
  /** Python 3.10+ to create the venv with (default `python3`). */
  python?: string;
  /** Install again even when the environment is ready. */
  force?: boolean;
  onProgress?: (event: SetupProgress) => void;
  signal?: AbortSignal;
  /** Environment for pip (index and proxy settings apply). */
  env?: NodeJS.ProcessEnv;
}

/** A ready environment. */
export interface TrainingEnvironment extends TrainingPaths {
  /** True when this call installed it; false when it was ready already. */
  installed: boolean;
  /** Seconds the install took (0 when it was ready). */
  setupSeconds: number;
  /** The Python version of the venv. */
  pythonVersion: string;
}

const markerSchema = z.object({ requirements: z.string(), pythonVersion: z.string(), installedAt: z.string(), setupSeconds: z.number() });

/** SHA-256 of the pinned requirement files: a change means the venv must be updated. */
async function requirementsHash(): Promise<string> {
  const source = pythonSourceDirectory();
  const hash = createHash("sha256");
  for (const file of ["requirements.txt", "converter-requirements.txt"]) hash.update(await readFile(path.join(source, file)));
  return hash.digest("hex");
}

/** What the one-time install of the training environment takes (measured: venv with PyPI's Linux torch). */
export const TRAINING_ENVIRONMENT_SIZE = "about 5.6 GB of disk";

/** Reads the setup marker; undefined when the environment is not (fully) installed. */
export async function readyTrainingEnvironment(home: string): Promise<TrainingEnvironment | undefined> {
  const paths = trainingPaths(home);
  try {
    const marker = markerSchema.parse(JSON.parse(await readFile(paths.marker, "utf8")));
    if (marker.requirements !== (await requirementsHash()) || !existsSync(paths.python) || !existsSync(path.join(paths.converter, "convert_lora_to_gguf.py"))) return undefined;
    return { ...paths, installed: false, setupSeconds: 0, pythonVersion: marker.pythonVersion };
  } catch {
    return undefined;
  }
}

/**
 * Makes sure the local training environment exists: a venv under `<home>/finetune` with the
 * pinned torch, transformers and peft, and llama.cpp's LoRA converter taken from the pinned
 * llama-cpp-python source distribution. Installs once (several GB: PyPI's Linux torch brings
 * CUDA libraries) and is instant afterwards; a marker written last makes an interrupted
 * install start again.
 */
export async function ensureTrainingEnvironment(options: TrainingEnvironmentOptions): Promise<TrainingEnvironment> {
  if (options.force !== true) {
    const ready = await readyTrainingEnvironment(options.home);
    if (ready !== undefined) return ready;
  }
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const paths = trainingPaths(options.home);
  const source = pythonSourceDirectory();
  const env = { ...(options.env ?? process.env), PIP_DISABLE_PIP_VERSION_CHECK: "1", PYTHONPATH: source };
  const command = options.python ?? (process.platform === "win32" ? "python" : "python3");
  progress({ phase: "check", message: `checking ${command}` });
  const version = await pythonVersion(command, env);
  await mkdir(paths.root, { recursive: true });
  await rm(paths.marker, { force: true });
  if (!existsSync(paths.python)) {
    progress({ phase: "venv", message: `creating a virtual environment with Python ${version}` });
    const created = await runProcess(command, ["-m", "venv", paths.venv], { env, ...(options.signal ? { signal: options.signal } : {}) });
    if (created.code !== 0) throw new TrainingSetupError({ step: "creating the virtual environment", detail: created.tail.at(-1) ?? `exit code ${String(created.code)}` });
  }
  progress({ phase: "install", message: `installing torch, transformers and peft (${TRAINING_ENVIRONMENT_SIZE}, once)` });
  const install = await runProcess(paths.python, ["-m", "pip", "install", "--progress-bar", "off", "-r", path.join(source, "requirements.txt")], {
    env,
    onLine: (line) => {
      const match = /^(Collecting|Downloading|Installing collected packages|Successfully installed)\b/.exec(line.trim());
      if (match !== null) progress({ phase: "install", message: line.trim().slice(0, 160) });
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (install.code !== 0) throw new TrainingSetupError({ step: "installing the Python packages", detail: lastError(install.tail) });
  progress({ phase: "converter", message: "fetching llama.cpp's LoRA converter (llama-cpp-python source)" });
  const scratch = await mkdtemp(path.join(paths.root, "download-"));
  try {
    const download = await runProcess(paths.python, ["-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-r", path.join(source, "converter-requirements.txt"), "-d", scratch], {
      env,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const sdist = (await readdir(scratch)).find((name) => name.endsWith(".tar.gz"));
    if (download.code !== 0 || sdist === undefined) throw new TrainingSetupError({ step: "downloading the converter", detail: lastError(download.tail) });
    const extract = await runProcess(paths.python, ["-m", "flywheel_train.fetch_converter", path.join(scratch, sdist), paths.converter], { env, ...(options.signal ? { signal: options.signal } : {}) });
    if (extract.code !== 0) throw new TrainingSetupError({ step: "extracting the converter", detail: lastError(extract.tail) });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const setupSeconds = Math.round((performance.now() - started) / 100) / 10;
  await writeFile(paths.marker, `${JSON.stringify({ requirements: await requirementsHash(), pythonVersion: version, installedAt: new Date().toISOString(), setupSeconds }, null, 2)}\n`);
  progress({ phase: "ready", message: `ready in ${setupSeconds} s` });
  return { ...paths, installed: true, setupSeconds, pythonVersion: version };
}

async function pythonVersion(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  const outcome = await runProcess(command, ["-c", "import sys, venv; print('%d.%d' % sys.version_info[:2])"], { env });
  if (outcome.spawnError !== undefined || outcome.code !== 0) throw new PythonMissingError({ command });
  const version = outcome.tail.at(-1)?.trim() ?? "";
  const [major, minor] = version.split(".").map(Number);
  if (major !== 3 || minor === undefined || minor < 10) throw new PythonMissingError({ command, found: `Python ${version}` });
  return version;
}

function lastError(tail: string[]): string {
  const error = [...tail].reverse().find((line) => /error/i.test(line));
  return (error ?? tail.at(-1) ?? "no output").trim().slice(0, 300);
}
