import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { temporaryFolder } from "./flywheel-fixture.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repository = path.join(here, "..", "..");

/** The Flywheel home where `flywheel finetune setup` and model pulls cache their files. */
export function cachedHome(): string {
  return process.env.FLYWHEEL_HOME || path.join(homedir(), ".cache", "flywheel");
}

/**
 * A Flywheel home whose training environment is a fake: the venv's `python` runs
 * `fake_worker.py` (or nothing, with `installed: false`), and the base models are links to
 * the cached ones. Node's side of training (protocol, cancel, crash) runs for real.
 */
export function fakeTrainingHome(options: { installed: boolean }): string {
  const home = path.join(temporaryFolder("flywheel-fake-home-"), "home");
  mkdirSync(path.join(home, "models"), { recursive: true });
  // The tiny model is what the tests tune; the default is what `finetune setup` checks for.
  for (const alias of ["smollm2-135m", "qwen2.5-coder-1.5b"]) symlinkSync(path.join(cachedHome(), "models", alias), path.join(home, "models", alias));
  if (!options.installed) return home;
  const root = path.join(home, "finetune");
  mkdirSync(path.join(root, "venv", "bin"), { recursive: true });
  mkdirSync(path.join(root, "llama.cpp"), { recursive: true });
  writeFileSync(path.join(root, "llama.cpp", "convert_lora_to_gguf.py"), "");
  const python = path.join(root, "venv", "bin", "python");
  writeFileSync(python, `#!/bin/sh\nexec python3 "${path.join(here, "fake_worker.py")}"\n`);
  chmodSync(python, 0o755);
  const hash = createHash("sha256");
  for (const file of ["requirements.txt", "converter-requirements.txt"]) hash.update(readFileSync(path.join(repository, "python", file)));
  writeFileSync(path.join(root, "environment.json"), JSON.stringify({ requirements: hash.digest("hex"), pythonVersion: "3.11", installedAt: new Date().toISOString(), setupSeconds: 0 }));
  return home;
}
