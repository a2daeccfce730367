import path from "node:path";
import { UsageError } from "../../errors/index.js";

/** The model store's folder: `<home>/models`. */
export function modelsDirectory(home: string): string {
  return path.join(home, "models");
}

/** The folder of one model in the store. */
export function modelDirectory(home: string, alias: string): string {
  return path.join(modelsDirectory(home), checkAlias(alias));
}

/** Where a model's manifest lives; a model is in the store exactly when this file exists. */
export function manifestPath(home: string, alias: string): string {
  return path.join(modelDirectory(home, alias), "manifest.json");
}

/** A scratch folder for one pull, removed when the pull ends. */
export function stagingDirectory(home: string, alias: string): string {
  return path.join(modelsDirectory(home), ".staging", `${checkAlias(alias)}-${process.pid}-${Date.now().toString(36)}`);
}

const aliasPattern = /^[a-z0-9][a-z0-9._-]{0,79}$/;

/** Returns the alias if it is a safe folder name (lower case, digits, `.`, `_`, `-`), else throws. */
export function checkAlias(alias: string): string {
  if (!aliasPattern.test(alias) || alias.includes("..")) {
    throw new UsageError(
      `"${alias}" is not a valid model alias`,
      "use lower-case letters, digits, '.', '_' and '-' (e.g. --alias my-model)",
    );
  }
  return alias;
}

/** Turns a file name into an alias: `SmolLM2-135M.Q4_1.gguf` -> `smollm2-135m.q4_1`. */
export function aliasFromFileName(fileName: string): string {
  const stem = path.basename(fileName).replace(/\.(gguf|onnx|safetensors)(\.part\d+)?$/i, "");
  const alias = stem.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+/, "").slice(0, 80);
  return alias === "" ? "model" : alias;
}
