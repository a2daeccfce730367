import type { Command } from "commander";
import { createProgram } from "../../src/cli/main.js";

/** One command of the `flywheel` program, e.g. `["models", "pull"]`. */
export interface CommandPath {
  /** The names below `flywheel`: empty for the program itself. */
  names: string[];
  command: Command;
  /** True when it does something of its own (has an action), not only hold subcommands. */
  runnable: boolean;
}

/** Every command of the program `createProgram()` builds, the program itself first, parents before their subcommands. */
export function commandTree(): CommandPath[] {
  const paths: CommandPath[] = [];
  const walk = (command: Command, names: string[]) => {
    paths.push({ names, command, runnable: hasAction(command) });
    for (const sub of command.commands) walk(sub, [...names, sub.name()]);
  };
  walk(createProgram(), []);
  return paths;
}

/** Commander keeps the action handler private; a command without one only shows help. */
function hasAction(command: Command): boolean {
  return (command as unknown as { _actionHandler: unknown })._actionHandler != null;
}
