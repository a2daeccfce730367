/** SQL dialects that the store speaks. */
export type SqlDialect = "sqlite" | "postgres";

/** A value that can be bound to a `?` placeholder. */
export type SqlValue = string | number | bigint | boolean | null | Uint8Array;

/** One statement with its parameters, bound positionally to `?` placeholders. */
export interface SqlStatement {
  /** SQL text with `?` placeholders (translated per dialect by the client). */
  sql: string;
  /** Values for the placeholders, in order. */
  params?: SqlValue[];
}

/**
 * The narrow SQL surface every repository in `store/` is written against, so that one
 * repository serves both libSQL and PostgreSQL. Write portable SQL (`INSERT ... ON
 * CONFLICT`, `?` placeholders) and branch on `dialect` only where the engines differ
 * (vectors, full text).
 */
export interface SqlClient {
  /** Which engine is behind this client. */
  readonly dialect: SqlDialect;
  /** Runs a query and returns its rows as plain objects. */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<Row[]>;
  /** Runs a statement and returns how many rows it changed. */
  execute(sql: string, params?: SqlValue[]): Promise<{ rowsAffected: number }>;
  /** Runs statements atomically: all apply or none does. */
  batch(statements: SqlStatement[]): Promise<void>;
  /** Runs `work` inside one write transaction; commits if it resolves, rolls back if it throws. */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  /** Closes the connection(s). */
  close(): Promise<void>;
}
