import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config/index.js";
import type { ConfigFile } from "../../src/config/index.js";
import { createFlywheel } from "../../src/runtime/index.js";
import type { Flywheel } from "../../src/runtime/index.js";
import { localProviderHandle } from "./local-provider-handle.js";
import type { ProtocolServer } from "./protocol-server/index.js";

/** A fresh temporary folder. */
export function temporaryFolder(prefix = "flywheel-test-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Options for `flywheelAgainst`. */
export interface FixtureOptions {
  /** Config merged over the fixture's defaults. */
  config?: ConfigFile;
  /** Extra environment variables (API keys, base URLs). */
  env?: Record<string, string | undefined>;
}

/**
 * A Flywheel runtime with its own store file, whose `openai` and `anthropic` providers
 * point at the protocol server, with fast retries so tests stay quick; `local:` models
 * come from the shared model home.
 */
export async function flywheelAgainst(server: ProtocolServer, options: FixtureOptions = {}): Promise<Flywheel & { folder: string }> {
  const folder = temporaryFolder();
  const config = await loadConfig({
    cwd: folder,
    env: {
      OPENAI_BASE_URL: server.openaiBaseURL,
      ANTHROPIC_BASE_URL: server.anthropicBaseURL,
      OPENAI_API_KEY: "test-openai-key-0001",
      ANTHROPIC_API_KEY: "test-anthropic-key-0001",
      FLYWHEEL_HOME: path.join(folder, "home"),
      ...options.env,
    },
    overrides: {
      requests: { initialRetryDelayMs: 10, timeoutMs: 5_000, ...options.config?.requests },
      ...options.config,
    },
  });
  // Embedded models come from the shared model home, so they are pulled once for every test.
  const flywheel = await createFlywheel({ config, providers: { local: localProviderHandle() } });
  return Object.assign(flywheel, { folder });
}
