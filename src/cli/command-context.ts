import type { FlywheelConfig } from "../config/index.js";
import type { PullProgress } from "../models/model-store/index.js";
import type { Flywheel } from "../runtime/index.js";
import { pullProgressView } from "./output/pull-progress.js";
import type { Store } from "../store/index.js";
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
  /**
   * Opens (once) the store alone, for commands that only read it: no tracing and no model
   * layer load. The runtime's own store once `flywheel()` has been called. Closed when the command ends.
   */
  store(): Promise<Store>;
}

/**
 * Builds a context whose runtime is created on first use. `endProgress` ends an open pull bar (before
 * an error line is printed); `dispose` closes the runtime.
 */
export function createCommandContext(terminal: Terminal, signal: AbortSignal, options: GlobalOptions): CommandContext & { endProgress(): void; dispose(): Promise<void> } {
  let config: Promise<FlywheelConfig> | undefined;
  let flywheel: Promise<Flywheel> | undefined;
  let progress: PullProgressView | undefined;
  let store: Promise<Store> | undefined;
  // Config (zod schemas, the YAML parser) loads with the first command that reads it, not with `--help`.
  const loadOnce = () => (config ??= import("../config/index.js").then(({ loadConfig }) => loadConfig({ configFile: options.config })));
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
    store() {
      store ??=
        flywheel?.then((created) => created.store) ??
        (async () => {
          const [{ openStore }, loaded] = await Promise.all([import("../store/index.js"), loadOnce()]);
          return openStore({ url: loaded.storeUrl });
        })();
      return store;
    },
    async dispose() {
      const created = await flywheel?.catch(() => undefined);
      const opened = await store?.catch(() => undefined);
      await created?.close();
      if (opened !== created?.store) await opened?.close();
    },
  };
}
