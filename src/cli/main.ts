// The `flywheel` command. Registration is cheap; each action module loads only when its
// command runs, so `--help` stays instant. The launcher (bin/flywheel.js) calls `main`;
// importing this module runs nothing, so code can walk the command tree of `createProgram`.
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { UsageError } from "../errors/index.js";
import { registerAgentCommand } from "./commands/agent.js";
import { registerChatCommand } from "./commands/chat.js";
import { registerDatasetsCommand } from "./commands/datasets.js";
import { registerDbCommand } from "./commands/db.js";
import { registerFeedbackCommand } from "./commands/feedback.js";
import { registerFinetuneCommand } from "./commands/finetune.js";
import { registerImproveCommand } from "./commands/improve.js";
import { registerAskCommand } from "./commands/ask.js";
import { registerBenchRetrievalCommand } from "./commands/bench-retrieval.js";
import { registerCollectionsCommand } from "./commands/collections.js";
import { registerIngestCommand } from "./commands/ingest.js";
import { registerEvalCommand } from "./commands/eval.js";
import { registerExperimentsCommand } from "./commands/experiments.js";
import { registerModelsCommand } from "./commands/models.js";
import { registerPromptsCommand } from "./commands/prompts.js";
import { registerRedteamCommand } from "./commands/redteam.js";
import { registerQuickstartCommand } from "./commands/quickstart.js";
import { registerRadarCommand } from "./commands/radar.js";
import { registerRunCommand } from "./commands/run.js";
import { registerSearchCommand } from "./commands/search.js";
import { registerTokensCommand } from "./commands/tokens.js";
import { registerTracesCommand } from "./commands/traces.js";
import { registerUiCommand } from "./commands/ui.js";
import { registerWorkerCommand } from "./commands/worker.js";
import type { GlobalOptions } from "./command-context.js";
import { routeWarnings } from "./output/route-warnings.js";
import { processTerminal } from "./output/terminal.js";
import { ExitCode, printError, setCommandPath, setGlobalOptionsSource } from "./run-action.js";

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** Builds the command tree. */
export function createProgram(): Command {
  const program = new Command("flywheel")
    .description("prototype, evaluate, trace, curate and fine-tune: the AI engineer's loop in one tool")
    .version(version, "-V, --version")
    .option("-c, --config <file>", "config file (default: flywheel.config.{ts,yaml} in this or a parent folder)")
    .option("--debug", "print stack traces with errors");
  setGlobalOptionsSource(() => program.opts<GlobalOptions>());
  program.hook("preAction", (_program, actionCommand) => setCommandPath(commandPath(actionCommand)));
  registerQuickstartCommand(program);
  registerRunCommand(program);
  registerChatCommand(program);
  registerAgentCommand(program);
  registerModelsCommand(program);
  registerTracesCommand(program);
  registerFeedbackCommand(program);
  registerPromptsCommand(program);
  registerDatasetsCommand(program);
  registerFinetuneCommand(program);
  registerImproveCommand(program);
  registerUiCommand(program);
  registerTokensCommand(program);
  registerIngestCommand(program);
  registerSearchCommand(program);
  registerAskCommand(program);
  registerCollectionsCommand(program);
  registerBenchRetrievalCommand(program);
  registerEvalCommand(program);
  registerExperimentsCommand(program);
  registerRedteamCommand(program);
  registerWorkerCommand(program);
  registerRadarCommand(program);
  registerDbCommand(program);
  reportUsageErrors(program);
  return program;
}

/** `flywheel models pull`: the names from the root down to `command`. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(" ");
}

/**
 * Commander's own usage errors (unknown option, missing argument, unknown command) print as
 * every other error does, `error:` and a `hint:` naming the command's --help, and throw
 * instead of exiting so that main sets the exit code.
 */
function reportUsageErrors(command: Command): void {
  const path = commandPath(command);
  command.exitOverride().configureOutput({
    outputError: (text) => printError(new UsageError(text.replace(/^error: /, "").trimEnd()), { commandPath: path }),
  });
  for (const sub of command.commands) reportUsageErrors(sub);
}

/** The subcommand name: the first argument that is not a global option or its value. */
function firstOperand(args: string[]): string | undefined {
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === "-c" || arg === "--config") index += 1;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/** Runs the command line `argv` (as `process.argv`: node, script, then the arguments). */
export async function main(argv: string[]): Promise<void> {
  routeWarnings(processTerminal());
  // `flywheel ... | head`: the reader has what it wanted and closed the pipe. Stop quietly, as
  // Unix tools do, instead of dying on the write error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? ExitCode.ok);
  });
  const program = createProgram();
  // `flywheel eval -c suite.yaml` is promptfoo's habit: after `eval`, -c names the suite,
  // so there the global -c (the Flywheel config) goes before the subcommand.
  if (firstOperand(argv.slice(2)) === "eval") program.enablePositionalOptions();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const helpOrVersion = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
      process.exitCode = helpOrVersion ? ExitCode.ok : ExitCode.usage;
      return;
    }
    throw error;
  }
}
