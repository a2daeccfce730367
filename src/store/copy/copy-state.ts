import type { SqlClient, SqlValue } from "../sql-client.js";

/**
 * Progress of an unfinished copy, kept in the destination while the copy runs and dropped
 * once it is verified: per table, the key of the last row written, updated in the same
 * transaction as the rows, so a resumed copy starts exactly after it.
 */
export const COPY_STATE_TABLE = "flywheel_copy_state";

/** Where one table's copy stands. */
export interface TableProgress {
  /** Key of the last row copied; none before the first batch. */
  lastKey?: SqlValue[];
  /** Rows copied so far. */
  copied: number;
  /** True once every row of the table is copied. */
  done: boolean;
}

/** The copy in progress on a destination: its source and each table's progress. */
export interface CopyState {
  /** The source being copied (a location without credentials). */
  source: string;
  /** Progress by table name. */
  tables: Map<string, TableProgress>;
}

/** Reads the destination's copy state; undefined when no copy is under way. */
export async function readCopyState(client: SqlClient): Promise<CopyState | undefined> {
  const exists =
    client.dialect === "postgres"
      ? await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?", [COPY_STATE_TABLE])
      : await client.query("SELECT 1 FROM sqlite_master WHERE name = ?", [COPY_STATE_TABLE]);
  if (exists.length === 0) return undefined;
  const rows = await client.query<{ table_name: string; source: string; last_key: string | null; copied: number; done: number }>(
    `SELECT table_name, source, last_key, copied, done FROM ${COPY_STATE_TABLE}`,
  );
  const source = rows.find((row) => row.table_name === "")?.source ?? rows[0]?.source ?? "";
  const tables = new Map<string, TableProgress>();
  for (const row of rows) {
    if (row.table_name === "") continue;
    tables.set(row.table_name, { lastKey: row.last_key === null ? undefined : (JSON.parse(row.last_key) as SqlValue[]), copied: Number(row.copied), done: Number(row.done) === 1 });
  }
  return { source, tables };
}

/** Starts a copy on the destination: creates the state table and records the source. */
export async function startCopyState(client: SqlClient, source: string): Promise<void> {
  await client.execute(
    `CREATE TABLE IF NOT EXISTS ${COPY_STATE_TABLE} (table_name TEXT PRIMARY KEY, source TEXT NOT NULL, last_key TEXT, copied BIGINT NOT NULL, done INTEGER NOT NULL)`,
  );
  await client.execute(`INSERT INTO ${COPY_STATE_TABLE} (table_name, source, copied, done) VALUES ('', ?, 0, 0) ON CONFLICT (table_name) DO NOTHING`, [source]);
}

/** Records a table's progress (inside the transaction that wrote its rows). */
export async function saveTableProgress(client: SqlClient, source: string, table: string, progress: TableProgress): Promise<void> {
  await client.execute(
    `INSERT INTO ${COPY_STATE_TABLE} (table_name, source, last_key, copied, done) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (table_name) DO UPDATE SET last_key = excluded.last_key, copied = excluded.copied, done = excluded.done`,
    [table, source, progress.lastKey === undefined ? null : JSON.stringify(progress.lastKey), progress.copied, progress.done ? 1 : 0],
  );
}

/** Ends a copy: the destination no longer carries any copy state. */
export async function dropCopyState(client: SqlClient): Promise<void> {
  await client.execute(`DROP TABLE IF EXISTS ${COPY_STATE_TABLE}`);
}
