import { CommanderError } from "commander";
import { FlywheelError, toFlywheelError } from "../errors/index.js";
import { redactSecrets } from "../secrets/index.js";
import { createCommandContext } from "./command-context.js";
import type { CommandContext, GlobalOptions } from "./command-context.js";
import { colors, processTerminal } from "./output/terminal.js";

/** Exit codes: 0 ok, 1 failure, 2 usage or config error, 130 cancelled by Ctrl-C. */
export const ExitCode = { ok: 0, failure: 1, usage: 2, cancelled: 130 } as const;

/** An action returns an exit code, or nothing for success. */
export type Action = (context: CommandContext) => Promise<number | void>;

/** SIGINTs closer together than this are one Ctrl-C delivered twice. */
const SAME_INTERRUPT_MS = 200;

let globalOptions: () => GlobalOptions = () => ({});

/** Tells actions where to read the global options (set once by main). */
export function setGlobalOptionsSource(source: () => GlobalOptions): void {
  globalOptions = source;
}

/**
 * Runs one command's action: Ctrl-C aborts its signal (a second Ctrl-C exits at once),
 * errors print as `error:` and `hint:` lines (a stack only with --debug), the runtime is
 * closed so every span is written, and `process.exitCode` is set.
 */
export async function runAction(action: Action): Promise<void> {
  const terminal = processTerminal();
  const options = globalOptions();
  const controller = new AbortController();
  let interrupts = 0;
  let lastInterrupt = -Infinity;
  const onInterrupt = () => {
    // A parent that passes signals on (npx, npm scripts, the launcher on an older Node) makes
    // one Ctrl-C in a terminal arrive twice, a moment apart: count key presses, not deliveries.
    const now = performance.now();
    if (now - lastInterrupt < SAME_INTERRUPT_MS) return;
    lastInterrupt = now;
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.cancelled);
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);
  const context = createCommandContext(terminal, controller.signal, options);
  try {
    const code = await action(context);
    process.exitCode = code ?? (controller.signal.aborted ? ExitCode.cancelled : ExitCode.ok);
  } catch (error) {
    process.exitCode = controller.signal.aborted ? ExitCode.cancelled : exitCodeFor(error);
    printError(error, options.debug === true);
  } finally {
    try {
      await context.dispose();
    } catch (error) {
      printError(error, options.debug === true);
    }
    process.off("SIGINT", onInterrupt);
  }
}

/** The exit code for an error: 2 for usage and config errors, 130 for cancellation, else 1. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return ExitCode.usage;
  const flywheelError = toFlywheelError(error);
  if (flywheelError.code === "cancelled") return ExitCode.cancelled;
  return ["usage", "config-invalid", "unknown-provider", "unknown-tool", "tool-not-configured", "budget-unenforceable"].includes(flywheelError.code) ? ExitCode.usage : ExitCode.failure;
}

/** Prints `error: <message>` and `hint: <hint>` to stderr, with the stack under --debug. */
export function printError(error: unknown, debug: boolean): void {
  const flywheelError = toFlywheelError(error);
  process.stderr.write(`${colors.red("error:")} ${flywheelError.message}\n`);
  if (flywheelError.hint !== undefined) process.stderr.write(`${colors.dim("hint:")} ${flywheelError.hint}\n`);
  if (debug) {
    const cause = FlywheelError.isInstance(error) && error.cause !== undefined ? error.cause : error;
    const stack = cause instanceof Error ? cause.stack : String(cause);
    if (stack !== undefined) process.stderr.write(`${redactSecrets(stack)}\n`);
  }
}
