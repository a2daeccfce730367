import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FlywheelError } from "../../../errors/index.js";

/** The `python/` folder shipped with the package (beside `src/` and `dist/`). */
export function pythonSourceDirectory(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = path.join(directory, "python");
    if (existsSync(path.join(candidate, "requirements.txt"))) return candidate;
    directory = path.dirname(directory);
  }
  throw new FlywheelError({
    code: "install-incomplete",
    message: "the python/ folder of the flywheel package is missing, so local fine-tuning cannot be set up",
    hint: "reinstall flywheel (`npm install flywheel`, or `npm ci` in a checkout)",
  });
}

/** Where the training environment lives under Flywheel's home. */
export interface TrainingPaths {
  /** `<home>/finetune`. */
  root: string;
  /** The virtual environment. */
  venv: string;
  /** Its Python interpreter. */
  python: string;
  /** Written last by a successful setup: the hash of the requirements installed. */
  marker: string;
  /** llama.cpp's LoRA converter. */
  converter: string;
  /** One folder per local job. */
  jobs: string;
}

/** The paths of the training environment under `home`. */
export function trainingPaths(home: string): TrainingPaths {
  const root = path.join(home, "finetune");
  const venv = path.join(root, "venv");
  const windows = process.platform === "win32";
  return {
    root,
    venv,
    python: windows ? path.join(venv, "Scripts", "python.exe") : path.join(venv, "bin", "python"),
    marker: path.join(root, "environment.json"),
    converter: path.join(root, "llama.cpp"),
    jobs: path.join(root, "jobs"),
  };
}
