import type { FlywheelConfig } from "../config/index.js";
import { loadConfig } from "../config/index.js";
import type { PullProgress } from "../models/model-store/index.js";
import type { Flywheel } from "../runtime/index.js";
import { pullProgressView } from "./output/pull-progress.js";
import type { PullProgressView } from "./output/pull-progress.js";
import type { Terminal } from "./output/terminal.js";

/** Options every command accepts. */
export interface GlobalOptions {
  /** Explicit config file. */
  config?: string;
  /** Print stack traces. */
  debug?: boolean;
}

/** What an action gets: the terminal, a cancel signal, and lazy access to config and the runtime. */
export interface CommandContext {
  readonly terminal: Terminal;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  readonly options: GlobalOptions;
  /** Loads (once) and returns the config. */
  config(): Promise<FlywheelConfig>;
  /** Creates (once) the runtime: store, tracing, models. Closed when the command ends. */
  flywheel(): Promise<Flywheel>;
}

/**
 * Builds a context whose runtime is created on first use. `endProgress` ends an open pull bar (before
 * an error line is printed); `dispose` closes the runtime.
 */
export function createCommandContext(terminal: Terminal, signal: AbortSignal, options: GlobalOptions): CommandContext & { endProgress(): void; dispose(): Promise<void> } {
  let config: Promise<FlywheelConfig> | undefined;
  let flywheel: Promise<Flywheel> | undefined;
  let progress: PullProgressView | undefined;
  const loadOnce = () => (config ??= loadConfig({ configFile: options.config }));
  return {
    terminal,
    signal,
    options,
    config: loadOnce,
    flywheel() {
      flywheel ??= (async () => {
        const { createFlywheel } = await import("../runtime/index.js");
        const onModelProgress = (event: PullProgress) => {
          progress ??= pullProgressView(terminal);
          progress.update(event);
        };
        return createFlywheel({ config: await loadOnce(), onModelProgress });
      })();
      return flywheel;
    },
    endProgress: () => progress?.stop(),
    async dispose() {
      if (flywheel === undefined) return;
      const created = await flywheel.catch(() => undefined);
      await created?.close();
    },
  };
}
