import yoctoSpinner from "yocto-spinner";
import type { Terminal } from "./terminal.js";

/** A spinner on stderr while waiting (only on an interactive terminal). */
export interface Spinner {
  /** Stops and clears the spinner; safe to call more than once. */
  stop(): void;
}

/** Starts a spinner with a label; on a non-interactive stderr it does nothing. */
export function startSpinner(terminal: Terminal, text: string): Spinner {
  if (!terminal.interactiveErrors) return { stop: () => undefined };
  const spinner = yoctoSpinner({ text, stream: process.stderr }).start();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      spinner.stop();
    },
  };
}
