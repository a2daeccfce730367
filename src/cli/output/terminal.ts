import pc from "picocolors";
import { redactSecrets } from "../../secrets/index.js";

/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface Terminal {
  /** Writes text to stdout as is (streamed output, JSON). */
  out(text: string): void;
  /** Writes a line to stdout. */
  line(text?: string): void;
  /** Writes a line to stderr (progress, warnings), redacted. */
  info(text: string): void;
  /** Writes a warning line to stderr. */
  warn(text: string): void;
  /** Whether stdout is an interactive terminal. */
  readonly interactive: boolean;
  /** Whether stderr is an interactive terminal (spinners, progress bars). */
  readonly interactiveErrors: boolean;
}

/** The process's terminal. Colours follow picocolors, which honours NO_COLOR and FORCE_COLOR. */
export function processTerminal(): Terminal {
  return {
    out: (text) => process.stdout.write(text),
    line: (text = "") => process.stdout.write(`${text}\n`),
    info: (text) => process.stderr.write(`${redactSecrets(text)}\n`),
    warn: (text) => process.stderr.write(`${pc.yellow("warning:")} ${redactSecrets(text)}\n`),
    interactive: process.stdout.isTTY === true,
    interactiveErrors: process.stderr.isTTY === true,
  };
}

/** Colour helpers (no-ops when colour is off). */
export const colors = pc;
