import { homedir } from "node:os";
import path from "node:path";
import { localProviderHandle as createHandle } from "../../src/models/local/index.js";
import type { ProviderHandle } from "../../src/models/index.js";

/** Where pulled models live (`FLYWHEEL_HOME`, default `~/.cache/flywheel`): shared by every test run, so weights are pulled once. */
export const modelHome = process.env.FLYWHEEL_HOME ?? path.join(homedir(), ".cache", "flywheel");

/**
 * The embedded `local` provider over the shared model home, for tests and benchmarks whose
 * own FLYWHEEL_HOME is a temporary folder. Pulls the default models on first use.
 */
export function localProviderHandle(): ProviderHandle {
  return createHandle({ home: modelHome });
}
