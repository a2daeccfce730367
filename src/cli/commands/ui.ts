import type { Command } from "commander";
import { integerFrom } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel ui`. */
export interface UiCommandOptions {
  port?: number;
  host?: string;
  open?: boolean;
  token?: string;
}

/** `flywheel ui`: the local workbench and the OpenAI-compatible endpoint. */
export function registerUiCommand(program: Command): void {
  program
    .command("ui")
    .description("start the workbench (traces, evals, playground, collections) and an OpenAI-compatible /v1 endpoint")
    .option("-p, --port <n>", "port (default 4141; 0 picks a free one)", integerFrom(0))
    .option("--host <address>", "address to bind (default 127.0.0.1); any other address requires an access token")
    .option("--token <token>", "access token to require (default: generated when --host is not loopback)")
    .option("--no-open", "do not open a browser")
    .action((options: UiCommandOptions) => runAction(async (context) => (await import("../actions/ui.js")).ui(context, options)));
}
