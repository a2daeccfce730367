import { FlywheelError, UsageError } from "../../errors/index.js";
import { generateApiToken, hashApiToken } from "../../server/index.js";
import type { ApiTokenScope } from "../../store/index.js";
import type { CommandContext } from "../command-context.js";
import type { TokensCreateOptions, TokensWritesOptions } from "../commands/tokens.js";
import { formatTime, renderTable } from "../output/format.js";

const SCOPES: readonly ApiTokenScope[] = ["read", "write", "admin"];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Creates a named token, stores its hash and prints the token once. */
export async function createToken(context: CommandContext, name: string, options: TokensCreateOptions): Promise<void> {
  const scope = (options.scope ?? "read") as ApiTokenScope;
  if (!SCOPES.includes(scope)) throw new UsageError(`unknown scope "${options.scope}"`, "use --scope read, write or admin");
  if (!NAME.test(name)) throw new UsageError(`"${name}" is not a valid token name`, "use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  const store = await context.store();
  const token = generateApiToken();
  if (!(await store.tokens.create({ name, scope, tokenHash: hashApiToken(token) }, Date.now()))) {
    throw new FlywheelError({ code: "token-exists", message: `a token named "${name}" already exists`, hint: "choose another name (a revoked token's name stays taken)" });
  }
  context.terminal.info(`token "${name}" (scope ${scope}) created; it is shown once, send it as "Authorization: Bearer <token>":`);
  context.terminal.secret(token);
}

/** Lists tokens (never the tokens themselves). */
export async function listTokens(context: CommandContext, options: { json?: boolean }): Promise<void> {
  const tokens = await (await context.store()).tokens.list();
  if (options.json === true) {
    context.terminal.line(JSON.stringify(tokens, null, 2));
    return;
  }
  if (tokens.length === 0) {
    context.terminal.info("no tokens yet: create one with `flywheel tokens create <name> --scope read|write|admin`");
    return;
  }
  context.terminal.line(
    renderTable(
      ["name", "scope", "created", "revoked"],
      tokens.map((token) => [token.name, token.scope, formatTime(token.createdAt), token.revokedAt === null ? "-" : formatTime(token.revokedAt)]),
    ),
  );
}

/** Revokes a token by name. */
export async function revokeToken(context: CommandContext, name: string): Promise<void> {
  if (!(await (await context.store()).tokens.revoke(name, Date.now()))) {
    throw new FlywheelError({ code: "token-not-found", message: `no live token named "${name}"`, hint: "see the names with `flywheel tokens list`" });
  }
  context.terminal.line(`token "${name}" revoked`);
}

/** Prints the latest writes made through the server and the token behind each. */
export async function listWrites(context: CommandContext, options: TokensWritesOptions): Promise<void> {
  const writes = await (await context.store()).tokens.writes({ tokenName: options.token, limit: options.limit ?? 20 });
  if (options.json === true) {
    context.terminal.line(JSON.stringify(writes, null, 2));
    return;
  }
  if (writes.length === 0) {
    context.terminal.info("no writes through the server yet");
    return;
  }
  context.terminal.line(renderTable(["time", "token", "request", "status"], writes.map((write) => [formatTime(write.at), write.tokenName, `${write.method} ${write.path}`, String(write.status)])));
}
