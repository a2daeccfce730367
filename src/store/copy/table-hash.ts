import { createHash } from "node:crypto";
import type { SqlClient, SqlValue } from "../sql-client.js";
import type { CopyRow, CopyTable } from "./copy-table.js";

/** Row count and content hash of one table. */
export interface TableDigest {
  /** How many rows the table holds. */
  rows: number;
  /** SHA-256 of the table's canonical rows in key order. */
  hash: string;
}

/**
 * Counts and hashes a table the same way on either engine: each row, read in key order
 * through the table's canonical reader, becomes one line of JSON with its columns in name
 * order (bytes as base64), and the lines are hashed together.
 */
export async function digestTable(client: SqlClient, table: CopyTable, pageSize = 2_000): Promise<TableDigest> {
  const hash = createHash("sha256");
  let rows = 0;
  let after: SqlValue[] | undefined;
  for (;;) {
    const page = await table.read(client, after, pageSize);
    for (const row of page) hash.update(`${canonicalJson(table, row)}\n`);
    rows += page.length;
    if (page.length < pageSize) break;
    after = keyOf(table, page.at(-1)!);
  }
  return { rows, hash: hash.digest("hex") };
}

/** A row's key tuple, to read on after it. */
export function keyOf(table: Pick<CopyTable, "keys">, row: CopyRow): SqlValue[] {
  return table.keys.map((key) => row[key] ?? null);
}

function canonicalJson(table: CopyTable, row: CopyRow): string {
  return JSON.stringify(
    table.columns.map((column) => {
      const value = row[column] ?? null;
      return value instanceof Uint8Array ? { bytes: Buffer.from(value).toString("base64") } : value;
    }),
  );
}
