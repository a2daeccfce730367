import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { createLocalProvider } from "../../src/models/local/index.js";
import type { ProviderHandle } from "../../src/models/index.js";

/** Where pulled models live on this machine (`FLYWHEEL_HOME`, default `~/.cache/flywheel`). */
export const modelHome = process.env.FLYWHEEL_HOME ?? path.join(homedir(), ".cache", "flywheel");

/** True when all-MiniLM-L6-v2 has been pulled, so `local:embed` runs without a network. */
export const localEmbedAvailable = existsSync(path.join(modelHome, "models", "all-minilm-l6-v2"));

/**
 * The embedded `local` provider as a registry handle, for tests and benchmarks that pass it to
 * `createFlywheel({ providers })`. Never pulls: the models must be in `modelHome` already.
 */
export function localProviderHandle(): ProviderHandle {
  const provider = createLocalProvider({ home: modelHome, autoPull: false });
  return {
    name: "local",
    remote: false,
    languageModel: (model) => provider.languageModel(model),
    embeddingModel: (model) => provider.embeddingModel(model),
    close: () => provider.close(),
  };
}
