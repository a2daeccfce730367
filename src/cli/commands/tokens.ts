import type { Command } from "commander";
import { integerFrom } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel tokens create`. */
export interface TokensCreateOptions {
  scope?: string;
}

/** Options of `flywheel tokens writes`. */
export interface TokensWritesOptions {
  token?: string;
  limit?: number;
  json?: boolean;
}

/** `flywheel tokens create|list|revoke|writes`: named API tokens for the workbench server and `/v1`. */
export function registerTokensCommand(program: Command): void {
  const tokens = program.command("tokens").description("named API tokens for `flywheel ui` and its /v1 endpoint (stored hashed)");
  tokens
    .command("create")
    .description("create a token and print it once")
    .argument("<name>", "a name for the token (letters, digits, . _ -)")
    .option("--scope <scope>", "read (GET /api), write (also POST/PUT/DELETE /api and /v1) or admin", "read")
    .action((name: string, options: TokensCreateOptions) => runAction(async (context) => (await import("../actions/tokens.js")).createToken(context, name, options)));
  tokens
    .command("list")
    .description("list tokens: name, scope, created, revoked")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => runAction(async (context) => (await import("../actions/tokens.js")).listTokens(context, options)));
  tokens
    .command("revoke")
    .description("revoke a token: the server refuses it from the next request on")
    .argument("<name>", "the token's name")
    .action((name: string) => runAction(async (context) => (await import("../actions/tokens.js")).revokeToken(context, name)));
  tokens
    .command("writes")
    .description("the latest writes made through the server, with the token that made each")
    .option("--token <name>", "only writes made with this token")
    .option("-n, --limit <n>", "how many to show (default 20)", integerFrom(1))
    .option("--json", "print JSON")
    .action((options: TokensWritesOptions) => runAction(async (context) => (await import("../actions/tokens.js")).listWrites(context, options)));
}
