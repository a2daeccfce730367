import path from "node:path";
import { CancelledError, CopyMismatchError, CopyRefusedError, UsageError } from "../../errors/index.js";
import { isPostgresUrl, withoutPassword } from "../postgres/postgres-url.js";
import type { SqlClient } from "../sql-client.js";
import { openSqlClient, openStore } from "../store.js";
import { collectionShapes, collectionTables, dropCollectionTables, ensureCollectionTables } from "./collection-tables.js";
import type { CopyTable } from "./copy-table.js";
import { dropCopyState, readCopyState, saveTableProgress, startCopyState } from "./copy-state.js";
import type { TableProgress } from "./copy-state.js";
import { plainTables } from "./plain-tables.js";
import { digestTable, keyOf } from "./table-hash.js";
import type { TableDigest } from "./table-hash.js";

/** Options of `copyStore`. */
export interface CopyStoreOptions {
  /** The store to read: a libSQL file or a `postgres://` URL. */
  from: string;
  /** The store to write: a libSQL file or a `postgres://` URL; migrated first. */
  to: string;
  /** Continue an unfinished copy of the same source into `to`. */
  resume?: boolean;
  /** Delete whatever `to` holds first. */
  force?: boolean;
  /** Rows per batch (one destination transaction each); 1,000 by default. */
  batchSize?: number;
  /** Called after every batch and when a table is done. */
  onProgress?: (event: CopyProgress) => void;
  /** Stops the copy between batches; a later copy with `resume` continues it. */
  signal?: AbortSignal;
}

/** Where the copy of one table stands. */
export interface CopyProgress {
  /** The table being copied. */
  table: string;
  /** Rows of it copied so far (by this and earlier, interrupted, runs). */
  copied: number;
  /** Rows the source table holds. */
  total: number;
  /** Rows per second over this run's batches of the table. */
  rowsPerSecond: number;
  /** True on the table's last event. */
  done: boolean;
}

/** What a finished, verified copy did. */
export interface CopyReport {
  /** Every table, with the row count and hash that source and destination share. */
  tables: (TableDigest & { name: string })[];
  /** Rows written by this run (a resumed run skips those written before). */
  rowsWritten: number;
  /** Seconds spent copying (verification excluded). */
  copySeconds: number;
  /** Seconds spent verifying. */
  verifySeconds: number;
  /** True when this run continued an unfinished copy. */
  resumed: boolean;
}

/**
 * Copies every row of one store into another, across engines (libSQL and PostgreSQL either
 * way): the destination is migrated, each table is copied in key order in batches, one
 * transaction a batch together with the copy's progress, so an interrupted copy resumes after
 * its last batch; collections' vector and full-text tables are created for the destination's
 * engine; then every table's row count and content hash are compared on both sides.
 *
 * The destination must be empty, or hold an unfinished copy of the same source (`resume`),
 * or be emptied first (`force`). Writers to the source should be stopped while it runs: the
 * verification fails if the source changed.
 */
export async function copyStore(options: CopyStoreOptions): Promise<CopyReport> {
  const source = locationLabel(options.from);
  if (source === locationLabel(options.to)) throw new UsageError("--from and --to name the same store", "copy into another file or database");
  if (options.resume === true && options.force === true) throw new UsageError("--resume and --force cannot be used together", "--resume continues a copy; --force starts over");
  const from = await openSqlClient({ url: options.from });
  let to: SqlClient | undefined;
  try {
    to = await openSqlClient({ url: options.to });
    const resumed = await prepareDestination(to, source, options);
    const started = performance.now();
    const { tables, rowsWritten } = await copyTables(from, to, source, options);
    const copySeconds = (performance.now() - started) / 1000;
    const digests = await verify(from, to, tables);
    await dropCopyState(to);
    await to.close();
    to = undefined;
    await rebuildVectorIndexes(options.to);
    return { tables: digests, rowsWritten, copySeconds, verifySeconds: (performance.now() - started) / 1000 - copySeconds, resumed };
  } finally {
    await from.close();
    await to?.close();
  }
}

/** Checks that the destination may be written, empties it for `force`; true when resuming. */
async function prepareDestination(to: SqlClient, source: string, options: CopyStoreOptions): Promise<boolean> {
  const state = await readCopyState(to);
  if (options.force === true) {
    await emptyDestination(to);
  } else if (state !== undefined) {
    if (state.source !== source) {
      throw new CopyRefusedError({ message: `the destination holds an unfinished copy of another store (${state.source})`, hint: "add --force to delete it and copy anew" });
    }
    if (options.resume !== true) throw new CopyRefusedError({ message: "the destination holds an unfinished copy of this source", hint: "add --resume to continue it, or --force to start over" });
  } else {
    const filled = await filledTables(to);
    if (filled.length > 0) {
      throw new CopyRefusedError({
        message: `the destination already holds data (${filled.slice(0, 3).join(", ")}${filled.length > 3 ? ", ..." : ""})`,
        hint: "copy into an empty database, or add --force to delete its data first",
      });
    }
  }
  await startCopyState(to, source);
  return options.force !== true && state !== undefined;
}

async function filledTables(client: SqlClient): Promise<string[]> {
  const filled: string[] = [];
  for (const table of await plainTables(client, client)) {
    const [row] = await client.query(`SELECT 1 AS one FROM ${table.name} LIMIT 1`);
    if (row !== undefined) filled.push(table.name);
  }
  return filled;
}

async function emptyDestination(client: SqlClient): Promise<void> {
  const tables = await plainTables(client, client);
  await client.transaction(async (tx) => {
    for (const collection of await collectionShapes(tx)) await dropCollectionTables(tx, collection);
    for (const table of [...tables].reverse()) await tx.execute(`DELETE FROM ${table.name}`);
  });
  await dropCopyState(client);
}

async function copyTables(from: SqlClient, to: SqlClient, source: string, options: CopyStoreOptions): Promise<{ tables: CopyTable[]; rowsWritten: number }> {
  const state = await readCopyState(to);
  const tables = await plainTables(from, to);
  let rowsWritten = 0;
  for (const table of tables) rowsWritten += await copyTable(from, to, table, { source, progress: state?.tables.get(table.name), options });
  const collections = await collectionShapes(from);
  for (const collection of collections) {
    await ensureCollectionTables(to, collection);
    for (const table of collectionTables(collection)) {
      tables.push(table);
      rowsWritten += await copyTable(from, to, table, { source, progress: state?.tables.get(table.name), options });
    }
  }
  await resetIdentities(to);
  return { tables, rowsWritten };
}

/** Copies one table from where an earlier run left it; returns the rows written. */
async function copyTable(from: SqlClient, to: SqlClient, table: CopyTable, context: { source: string; progress?: TableProgress; options: CopyStoreOptions }): Promise<number> {
  const { options } = context;
  const progress: TableProgress = context.progress ?? { copied: 0, done: false };
  const [count] = await from.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table.name}`);
  const total = Number(count?.n ?? 0);
  const batchSize = options.batchSize ?? 1_000;
  const started = performance.now();
  let written = 0;
  const report = () =>
    options.onProgress?.({ table: table.name, copied: progress.copied, total, rowsPerSecond: written / Math.max(1e-3, (performance.now() - started) / 1000), done: progress.done });
  while (!progress.done) {
    if (options.signal?.aborted === true) throw new CancelledError("the copy");
    const rows = await table.read(from, progress.lastKey, batchSize);
    const next: TableProgress = {
      lastKey: rows.length > 0 ? keyOf(table, rows.at(-1)!) : progress.lastKey,
      copied: progress.copied + rows.length,
      done: rows.length < batchSize,
    };
    await to.transaction(async (tx) => {
      if (rows.length > 0) await table.write(tx, rows);
      await saveTableProgress(tx, context.source, table.name, next);
    });
    Object.assign(progress, next);
    written += rows.length;
    report();
  }
  if (written === 0) report();
  return written;
}

/** PostgreSQL: identity columns continue after the copied ids, so new rows get fresh ones. */
async function resetIdentities(client: SqlClient): Promise<void> {
  if (client.dialect !== "postgres") return;
  const columns = await client.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
  );
  for (const { table_name: table, column_name: column } of columns) {
    await client.query(`SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(${column}) FROM ${table}), 0) + 1, false)`, [table, column]);
  }
}

async function verify(from: SqlClient, to: SqlClient, tables: CopyTable[]): Promise<(TableDigest & { name: string })[]> {
  const digests: (TableDigest & { name: string })[] = [];
  const differing: string[] = [];
  for (const table of tables) {
    const [source, destination] = await Promise.all([digestTable(from, table), digestTable(to, table)]);
    if (source.rows !== destination.rows || source.hash !== destination.hash) differing.push(`${table.name} (${source.rows} rows, copy ${destination.rows})`);
    digests.push({ name: table.name, ...source });
  }
  if (differing.length > 0) throw new CopyMismatchError({ tables: differing });
  return digests;
}

/** libSQL: HNSW indexes live beside the file; build them now rather than on the first search. */
async function rebuildVectorIndexes(location: string): Promise<void> {
  if (isPostgresUrl(location)) return;
  const store = await openStore({ url: location });
  try {
    for (const collection of await store.collections.list()) if (collection.vectorIndex === "hnsw") await store.collections.refreshVectorIndex(collection);
  } finally {
    await store.close();
  }
}

/** A store's location without credentials, the same however it was written. */
function locationLabel(location: string): string {
  if (isPostgresUrl(location)) return withoutPassword(location);
  return path.resolve(location.replace(/^file:(\/\/)?/, "").split("?")[0]!);
}
