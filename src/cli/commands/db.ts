import type { Command } from "commander";
import { integerFrom } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel db copy`. */
export interface DbCopyOptions {
  from?: string;
  to: string;
  resume?: boolean;
  force?: boolean;
  batchSize?: number;
  json?: boolean;
}

/** `flywheel db copy`: move a store between libSQL files and PostgreSQL. */
export function registerDbCommand(program: Command): void {
  const db = program.command("db").description("move the store between a libSQL file and PostgreSQL");
  db.command("copy")
    .description("copy every table into another store (migrated first), resumable, verified by row counts and content hashes")
    .option("--from <store>", "the store to read: a .db file or postgres:// URL (default: the configured store)")
    .requiredOption("--to <store>", "the store to write: a .db file or postgres:// URL; must be empty unless --resume or --force")
    .option("--resume", "continue an interrupted copy of the same source")
    .option("--force", "delete whatever the destination holds, then copy")
    .option("--batch-size <n>", "rows per batch and transaction (default 1000)", integerFrom(1))
    .option("--json", "print the verified tables as JSON")
    .action((options: DbCopyOptions) => runAction(async (context) => (await import("../actions/db-copy.js")).dbCopy(context, options)));
}
