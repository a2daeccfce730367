import pc from "picocolors";
import { createStreamRedactor, redactSecrets } from "../../secrets/index.js";

/** Where a command writes: stdout for results, stderr for progress and errors. */
export interface Terminal {
  /** Writes text to stdout (streamed output, JSON), redacted; an unfinished word waits for the next write. */
  out(text: string): void;
  /** Writes a line to stdout, redacted. */
  line(text?: string): void;
  /** Writes whatever `out` still holds back (the command's last unfinished word). */
  end(): void;
  /** Writes a line to stdout unredacted: only for a secret the user must see once (a new API token). */
  secret(text: string): void;
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
  const stdout = createStreamRedactor();
  const write = (text: string) => {
    if (text !== "") process.stdout.write(text);
  };
  return {
    out: (text) => write(stdout.push(text)),
    line: (text = "") => write(stdout.push(`${text}\n`)),
    end: () => write(stdout.flush()),
    secret: (text) => write(`${stdout.flush()}${text}\n`),
    info: (text) => process.stderr.write(`${redactSecrets(text)}\n`),
    warn: (text) => process.stderr.write(`${pc.yellow("warning:")} ${redactSecrets(text)}\n`),
    interactive: process.stdout.isTTY === true,
    interactiveErrors: process.stderr.isTTY === true,
  };
}

/** Colour helpers (no-ops when colour is off). */
export const colors = pc;
