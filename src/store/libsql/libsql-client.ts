import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Client, InStatement, InValue, Transaction } from "@libsql/client";
import { StoreError } from "../../errors/index.js";
import type { SqlClient, SqlStatement, SqlValue } from "../sql-client.js";

/** Options for `openLibsqlClient`. */
export interface LibsqlClientOptions {
  /** A file path, a `file:` URL, or `:memory:`. */
  url: string;
  /** How long a writer waits for another process's lock before failing. */
  busyTimeoutMs?: number;
}

/**
 * Opens a libSQL database file in WAL mode, creating its folder, with a busy timeout so
 * that two processes writing at once wait for each other instead of failing.
 */
export async function openLibsqlClient(options: LibsqlClientOptions): Promise<SqlClient> {
  const url = toLibsqlUrl(options.url);
  if (url.startsWith("file:")) mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });
  // A local file needs only the SQLite client; the full client also loads the HTTP and
  // WebSocket protocol stacks (~100 ms of start-up) that only a remote URL uses.
  const { createClient } = url.startsWith("file:") || url === ":memory:" ? await import("@libsql/client/sqlite3") : await import("@libsql/client");
  let client: Client;
  try {
    client = createClient({ url, timeout: options.busyTimeoutMs ?? 15_000, concurrency: 4 });
    const [mode] = (await client.execute("PRAGMA journal_mode = WAL")).rows;
    if (mode !== undefined && url !== ":memory:" && String(Object.values(mode)[0]).toLowerCase() !== "wal") {
      throw new Error(`journal mode is ${String(Object.values(mode)[0])}`);
    }
  } catch (error) {
    throw new StoreError({
      message: `cannot open the store at ${options.url}: ${error instanceof Error ? error.message : String(error)}`,
      hint: "check that the folder is writable, or point FLYWHEEL_DB at another file",
      cause: error,
    });
  }
  return new LibsqlSqlClient(client);
}

function toLibsqlUrl(location: string): string {
  if (location === ":memory:" || location.startsWith("file:") || /^[a-z]+:\/\//i.test(location)) return location;
  return `file:${path.resolve(location)}`;
}

type Executor = Pick<Client, "execute"> | Pick<Transaction, "execute">;

class LibsqlSqlClient implements SqlClient {
  readonly dialect = "sqlite" as const;
  constructor(
    private readonly client: Client,
    private readonly executor: Executor = client,
  ) {}

  async query<Row extends Record<string, unknown>>(sql: string, params: SqlValue[] = []): Promise<Row[]> {
    const result = await this.executor.execute({ sql, args: params as InValue[] });
    const { columns } = result;
    return result.rows.map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index]])) as Row);
  }

  async execute(sql: string, params: SqlValue[] = []): Promise<{ rowsAffected: number }> {
    const result = await this.executor.execute({ sql, args: params as InValue[] });
    return { rowsAffected: result.rowsAffected };
  }

  async batch(statements: SqlStatement[]): Promise<void> {
    if (statements.length === 0) return;
    const inStatements: InStatement[] = statements.map((statement) => ({
      sql: statement.sql,
      args: (statement.params ?? []) as InValue[],
    }));
    if (this.executor !== this.client) {
      for (const statement of inStatements) await this.executor.execute(statement);
      return;
    }
    await this.client.batch(inStatements, "write");
  }

  async transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    if (this.executor !== this.client) return work(this);
    const transaction = await this.client.transaction("write");
    try {
      const result = await work(new LibsqlSqlClient(this.client, transaction));
      await transaction.commit();
      return result;
    } catch (error) {
      await transaction.rollback().catch(() => undefined);
      throw error;
    } finally {
      transaction.close();
    }
  }

  async close(): Promise<void> {
    if (this.executor === this.client) this.client.close();
  }
}
