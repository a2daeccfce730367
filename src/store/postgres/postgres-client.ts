import type pg from "pg";
import type { PoolClient, QueryResult } from "pg";
import { FlywheelError, StoreError, StoreUnavailableError } from "../../errors/index.js";
import type { SqlClient, SqlStatement, SqlValue } from "../sql-client.js";
import { describePostgresUrl, postgresPassword } from "./postgres-url.js";

/** Options for `openPostgresClient`. */
export interface PostgresClientOptions {
  /** A `postgres://` or `postgresql://` connection string. */
  url: string;
  /** Connections in the pool (default 8). */
  maxConnections?: number;
  /** How long to wait for a connection before failing (default 10 s). */
  connectTimeoutMs?: number;
  /** Waits between attempts of a read (SELECT outside a transaction) while the server is unreachable (default 0.1, 0.25, 0.5, 1 and 2 s). */
  readRetryDelaysMs?: number[];
}

/**
 * Opens a pool of connections to PostgreSQL and checks that one connects. Errors name the host
 * and database and never the password.
 */
export async function openPostgresClient(options: PostgresClientOptions): Promise<SqlClient> {
  const where = describePostgresUrl(options.url);
  // Loaded on first use: commands on a libSQL file never pay for importing pg.
  const { default: pg } = await import("pg");
  // BIGINT and NUMERIC come back as strings by default; the store's values fit a double.
  pg.types.setTypeParser(20, (value) => Number(value));
  pg.types.setTypeParser(1700, (value) => Number(value));
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 8,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: "flywheel",
  });
  // An idle connection that the server drops must not crash the process: the pool replaces it.
  pool.on("error", () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError({
      message: `cannot connect to PostgreSQL at ${where}: ${postgresReason(error, options.url)}`,
      hint: "check the host, port, database name and credentials in FLYWHEEL_DB (or store.url), and that the server is running",
      cause: undefined,
    });
  }
  return new PostgresSqlClient(pool, { where, url: options.url, readRetryDelaysMs: options.readRetryDelaysMs ?? [100, 250, 500, 1000, 2000] });
}

/** The error's message with the URL's password removed, for errors that reach the user. */
export function postgresReason(error: unknown, url: string): string {
  const raw = error instanceof Error ? (error.message || (error as { code?: string }).code || error.name) : String(error);
  const aggregate = error instanceof AggregateError && error.errors.length > 0 ? error.errors.map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner))).join("; ") : "";
  const message = raw || aggregate;
  const password = postgresPassword(url);
  return password.length > 0 ? message.split(password).join("***") : message;
}

/** Rewrites `?` placeholders (outside quoted text) to PostgreSQL's `$1`, `$2`, ... */
export function toPostgresPlaceholders(sql: string): string {
  let out = "";
  let index = 0;
  let quote: string | undefined;
  for (const char of sql) {
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === "?") {
      index += 1;
      out += `$${index}`;
    } else {
      out += char;
    }
  }
  return out;
}

type Queryable = Pick<pg.Pool, "query"> | PoolClient;

interface ClientSettings {
  /** `host:port/database`, for messages. */
  where: string;
  /** The connection string, to scrub its password from messages. */
  url: string;
  /** Waits between attempts of a read while the server is unreachable. */
  readRetryDelaysMs: number[];
}

class PostgresSqlClient implements SqlClient {
  readonly dialect = "postgres" as const;
  constructor(
    private readonly pool: pg.Pool,
    private readonly settings: ClientSettings,
    private readonly executor: Queryable = pool,
  ) {}

  private async run(sql: string, params: SqlValue[]): Promise<QueryResult> {
    const values = params.map((value) => (typeof value === "bigint" ? value.toString() : value));
    try {
      return await this.executor.query(toPostgresPlaceholders(sql), values);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** A connection error as a one-line StoreUnavailableError naming host and database; other errors as they are. */
  private unavailable(error: unknown): unknown {
    if (!isConnectionError(error)) return error;
    return new StoreUnavailableError({ message: `lost the connection to PostgreSQL at ${this.settings.where}: ${postgresReason(error, this.settings.url)}`, cause: error });
  }

  /**
   * Reads outside a transaction are retried with backoff while the server is unreachable: they
   * change nothing, so running one twice is safe. Writes are not (the first may have committed).
   */
  private async read(sql: string, params: SqlValue[]): Promise<QueryResult> {
    const retry = this.executor === this.pool && /^\s*SELECT\b/i.test(sql);
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.run(sql, params);
      } catch (error) {
        const delay = this.settings.readRetryDelaysMs[attempt];
        if (!retry || delay === undefined || !(FlywheelError.isInstance(error) && error.code === "store-unavailable")) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async query<Row extends Record<string, unknown>>(sql: string, params: SqlValue[] = []): Promise<Row[]> {
    return (await this.read(sql, params)).rows as Row[];
  }

  async execute(sql: string, params: SqlValue[] = []): Promise<{ rowsAffected: number }> {
    return { rowsAffected: (await this.run(sql, params)).rowCount ?? 0 };
  }

  async batch(statements: SqlStatement[]): Promise<void> {
    if (statements.length === 0) return;
    await this.transaction(async (tx) => {
      for (const statement of statements) await tx.execute(statement.sql, statement.params ?? []);
    });
  }

  async transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T> {
    if (this.executor !== this.pool) return work(this);
    const connection = await this.pool.connect().catch((error: unknown) => {
      throw this.unavailable(error);
    });
    let broken = false;
    try {
      await connection.query("BEGIN");
      const result = await work(new PostgresSqlClient(this.pool, this.settings, connection));
      await connection.query("COMMIT");
      return result;
    } catch (error) {
      await connection.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      connection.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.executor === this.pool) await this.pool.end();
  }
}

const connectionCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "57P01", "57P02", "57P03", "08000", "08003", "08006"]);

/** True for errors that mean the server went away (as opposed to a bad statement). */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === "string" && connectionCodes.has(code)) return true;
  // Any failure to open the socket (ENOENT: a Unix socket whose server has stopped).
  if ((error as { syscall?: unknown } | undefined)?.syscall === "connect") return true;
  const message = error instanceof Error ? error.message : "";
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}
