import type { SqlClient } from "../sql-client.js";
import { canonicalValue, insertRows, keyOrder } from "./copy-table.js";
import type { CopyTable } from "./copy-table.js";
import { COPY_STATE_TABLE } from "./copy-state.js";

/**
 * The tables the migrations create, found by reading the source's catalog so that a table a
 * later migration adds is copied without a change here. Left out: the migrations' own
 * bookkeeping, derived search indexes (SQLite's trace search is rebuilt by its triggers,
 * PostgreSQL's is an index), the engines' internal tables, and each collection's vector and
 * full-text tables, which `collectionTables` copies. Parents come before children.
 */
export async function plainTables(source: SqlClient, destination: SqlClient): Promise<CopyTable[]> {
  const names = (await tableNames(source)).filter((name) => !isDerived(name));
  const present = new Set(await tableNames(destination));
  const tables: CopyTable[] = [];
  for (const name of names.filter((table) => present.has(table)).sort(byDependency)) {
    const [from, to] = await Promise.all([describeTable(source, name), describeTable(destination, name)]);
    const columns = from.columns.filter((column) => to.columns.includes(column)).sort();
    if (from.keys.length === 0) throw new Error(`invariant broken: table ${name} has no primary key`);
    const textKeys = from.keys.filter((key) => from.textColumns.includes(key) || to.textColumns.includes(key));
    tables.push(plainTable({ name, columns, keys: from.keys, textKeys, identity: to.identity }));
  }
  return tables;
}

function plainTable(table: Pick<CopyTable, "name" | "columns" | "keys" | "textKeys"> & { identity: boolean }): CopyTable {
  return {
    ...table,
    async read(client, after, limit) {
      const order = keyOrder(client, table);
      const rows = await client.query(
        `SELECT ${table.columns.join(", ")} FROM ${table.name} ${after === undefined ? "" : `WHERE ${order.after}`} ORDER BY ${order.orderBy} LIMIT ?`,
        [...(after ?? []), limit],
      );
      return rows.map((row) => Object.fromEntries(table.columns.map((column) => [column, canonicalValue(row[column])])));
    },
    async write(client, rows) {
      await insertRows(client, {
        table: table.name,
        columns: table.columns,
        rows: rows.map((row) => table.columns.map((column) => row[column] ?? null)),
        overridingSystemValue: client.dialect === "postgres" && table.identity,
      });
    },
  };
}

async function tableNames(client: SqlClient): Promise<string[]> {
  const rows =
    client.dialect === "postgres"
      ? await client.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
      : await client.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'");
  return rows.map((row) => row.name);
}

function isDerived(name: string): boolean {
  return (
    name === "schema_migrations" ||
    name === COPY_STATE_TABLE ||
    name.startsWith("sqlite_") ||
    name.startsWith("libsql_") ||
    name.startsWith("traces_search") ||
    /^rag_(vec|fts)_\d+/.test(name)
  );
}

/** Foreign keys point from documents and chunks to collections: copy (and delete) in that order. */
function byDependency(a: string, b: string): number {
  const rank = (name: string) => ["rag_collections", "rag_documents", "rag_chunks"].indexOf(name);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

interface TableShape {
  columns: string[];
  keys: string[];
  textColumns: string[];
  /** PostgreSQL: the table has an identity column (written with OVERRIDING SYSTEM VALUE). */
  identity: boolean;
}

async function describeTable(client: SqlClient, name: string): Promise<TableShape> {
  if (client.dialect === "postgres") {
    const columns = await client.query<{ name: string; type: string; is_identity: string; is_generated: string }>(
      `SELECT column_name AS name, data_type AS type, is_identity, is_generated FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = ?`,
      [name],
    );
    const keys = await client.query<{ name: string }>(
      `SELECT a.attname AS name FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
       WHERE i.indrelid = ?::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
      [name],
    );
    const stored = columns.filter((column) => column.is_generated !== "ALWAYS");
    return {
      columns: stored.map((column) => column.name),
      keys: keys.map((key) => key.name),
      textColumns: stored.filter((column) => column.type === "text").map((column) => column.name),
      identity: columns.some((column) => column.is_identity === "YES"),
    };
  }
  const columns = await client.query<{ name: string; type: string; pk: number }>(`SELECT name, type, pk FROM pragma_table_info(?)`, [name]);
  return {
    columns: columns.map((column) => column.name),
    keys: columns.filter((column) => Number(column.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((column) => column.name),
    textColumns: columns.filter((column) => /TEXT/i.test(column.type)).map((column) => column.name),
    identity: false,
  };
}
