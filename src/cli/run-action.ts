import { CommanderError } from "commander";
import { exitCodeByCategory, FlywheelError, toFlywheelError } from "../errors/index.js";
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
let commandPath = "flywheel";

/** Tells actions where to read the global options (set once by main). */
export function setGlobalOptionsSource(source: () => GlobalOptions): void {
  globalOptions = source;
}

/** Names the command about to run (`flywheel models pull`), for the hint of a usage error. */
export function setCommandPath(path: string): void {
  commandPath = path;
}

/** The hint of a usage error that brings none of its own. */
export function usageHint(path: string): string {
  return `run \`${path} --help\` to see its usage`;
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
    context.endProgress();
    printError(error, { debug: options.debug === true, commandPath });
  } finally {
    try {
      await context.dispose();
    } catch (error) {
      printError(error, { debug: options.debug === true, commandPath });
    }
    terminal.end();
    process.off("SIGINT", onInterrupt);
  }
}

/** The exit code for an error, from its code's category in the error registry. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return ExitCode.usage;
  return exitCodeByCategory[toFlywheelError(error).category];
}

/**
 * Prints `error: <message>` and `hint: <hint>` to stderr, with the stack under `debug`. A usage
 * error without a hint of its own is told to see `<commandPath> --help`.
 */
export function printError(error: unknown, options: { debug?: boolean; commandPath?: string } = {}): void {
  const flywheelError = toFlywheelError(error);
  const hint = flywheelError.hint ?? (flywheelError.category === "usage" && options.commandPath !== undefined ? usageHint(options.commandPath) : undefined);
  process.stderr.write(`${colors.red("error:")} ${flywheelError.message}\n`);
  if (hint !== undefined) process.stderr.write(`${colors.dim("hint:")} ${hint}\n`);
  if (options.debug === true) {
    const cause = FlywheelError.isInstance(error) && error.cause !== undefined ? error.cause : error;
    const stack = cause instanceof Error ? cause.stack : String(cause);
    if (stack !== undefined) process.stderr.write(`${redactSecrets(stack)}\n`);
  }
}
