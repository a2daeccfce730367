import type { SqlClient, SqlValue } from "../sql-client.js";

/** One table to copy, read page by page in key order and written in batches. */
export interface CopyTable {
  /** The table's name (the same on both engines). */
  name: string;
  /** Columns copied, sorted by name (the order of the canonical row). */
  columns: string[];
  /** Primary-key columns, in key order: rows are read, resumed and hashed in this order. */
  keys: string[];
  /** Key columns that hold text: PostgreSQL compares them bytewise (`COLLATE "C"`), as SQLite does. */
  textKeys: string[];
  /** Reads up to `limit` rows after `after` (a key tuple), as canonical values. */
  read(client: SqlClient, after: SqlValue[] | undefined, limit: number): Promise<CopyRow[]>;
  /** Inserts rows read from the other side. */
  write(client: SqlClient, rows: CopyRow[]): Promise<void>;
}

/** A row as plain values, comparable across engines: column name -> value. */
export type CopyRow = Record<string, SqlValue>;

/** `WHERE (k1, k2) > (?, ?)` and `ORDER BY k1, k2` over `keys`, with text keys compared bytewise on PostgreSQL. */
export function keyOrder(client: SqlClient, table: Pick<CopyTable, "keys" | "textKeys">, keyExpressions: Record<string, string> = {}): { after: string; orderBy: string } {
  const expressions = table.keys.map((key) => {
    const expression = keyExpressions[key] ?? key;
    return client.dialect === "postgres" && table.textKeys.includes(key) ? `${expression} COLLATE "C"` : expression;
  });
  return {
    after: `(${expressions.join(", ")}) > (${expressions.map(() => "?").join(", ")})`,
    orderBy: expressions.join(", "),
  };
}

/** Options of `insertRows`. */
export interface InsertRowsOptions {
  /** The table to insert into. */
  table: string;
  /** Column names, in the order of each row's values. */
  columns: string[];
  /** The rows, one array of values each. */
  rows: SqlValue[][];
  /** The placeholder of a column (`?::vector` for pgvector); `?` by default. */
  placeholder?: (column: string) => string;
  /** PostgreSQL: write explicit values into identity columns. */
  overridingSystemValue?: boolean;
}

/** `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)`, in chunks under both engines' parameter limits. */
export async function insertRows(client: SqlClient, options: InsertRowsOptions): Promise<void> {
  const { table, columns, rows } = options;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
  const tuple = `(${columns.map(options.placeholder ?? (() => "?")).join(", ")})`;
  const overriding = options.overridingSystemValue === true ? " OVERRIDING SYSTEM VALUE" : "";
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    await client.execute(`INSERT INTO ${table} (${columns.join(", ")})${overriding} VALUES ${chunk.map(() => tuple).join(", ")}`, chunk.flat());
  }
}

/** A value as read by either client, made comparable: bigints as numbers, blobs as bytes. */
export function canonicalValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value as SqlValue;
}

/** Below SQLite's default of 32,766 and PostgreSQL's 65,535 bound parameters. */
const MAX_PARAMETERS = 30_000;
