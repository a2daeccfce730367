import type { SqlClient } from "./sql-client.js";

/** What a token may do: read (GET), write (and read), admin (everything). */
export type ApiTokenScope = "read" | "write" | "admin";

/** A named API token as stored: never the token itself, only its SHA-256. */
export interface ApiTokenRecord {
  name: string;
  scope: ApiTokenScope;
  createdAt: number;
  /** Set once revoked; a revoked token is refused. */
  revokedAt: number | null;
}

/** One write made through the server, with the token that made it. */
export interface ApiWriteRecord {
  at: number;
  /** The named token, `workbench` (the server's own token) or `loopback` (no token, on a loopback bind). */
  tokenName: string;
  method: string;
  path: string;
  status: number;
}

/** Named API tokens and the writes made with them. */
export interface ApiTokenStore {
  /** Adds a token by its hash; false when the name is already taken (revoked names stay taken). */
  create(token: { name: string; scope: ApiTokenScope; tokenHash: string }, now: number): Promise<boolean>;
  /** Every token, oldest first. */
  list(): Promise<ApiTokenRecord[]>;
  /** Revokes a token; false when no live token has that name. */
  revoke(name: string, now: number): Promise<boolean>;
  /** The live token with this hash, if any. */
  find(tokenHash: string): Promise<ApiTokenRecord | undefined>;
  /** Whether any live token exists (then `/v1` requires one even on loopback). */
  any(): Promise<boolean>;
  /**
   * Records a write made through the server. Records are gathered for up to 100 ms and written
   * in one statement (a busy gateway writes one row per request), so the caller need not wait;
   * `writes` and `flushWrites` write what is gathered first.
   */
  recordWrite(write: ApiWriteRecord): void;
  /** Writes the records gathered so far (the store's `close` does it too). */
  flushWrites(): Promise<void>;
  /** The latest writes, newest first, optionally by one token. */
  writes(options: { tokenName?: string; limit: number }): Promise<ApiWriteRecord[]>;
}

/** An ApiTokenStore over any SqlClient. */
export function createApiTokenStore(client: SqlClient): ApiTokenStore {
  const pending: ApiWriteRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  const flushWrites = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending.splice(0);
    flushing = flushing.catch(() => undefined).then(async () => {
      for (let index = 0; index < batch.length; index += 200) {
        const slice = batch.slice(index, index + 200);
        await client.execute(
          `INSERT INTO api_writes (at, token_name, method, path, status) VALUES ${slice.map(() => "(?, ?, ?, ?, ?)").join(", ")}`,
          slice.flatMap((write) => [write.at, write.tokenName, write.method, write.path, write.status]),
        );
      }
    });
    return flushing;
  };
  return {
    async create(token, now) {
      const result = await client.execute("INSERT INTO api_tokens (name, token_hash, scope, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING", [
        token.name,
        token.tokenHash,
        token.scope,
        now,
      ]);
      return result.rowsAffected === 1;
    },
    async list() {
      return (await client.query("SELECT name, scope, created_at, revoked_at FROM api_tokens ORDER BY created_at, name")).map(toToken);
    },
    async revoke(name, now) {
      return (await client.execute("UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", [now, name])).rowsAffected === 1;
    },
    async find(tokenHash) {
      const rows = await client.query("SELECT name, scope, created_at, revoked_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", [tokenHash]);
      return rows.map(toToken)[0];
    },
    async any() {
      return (await client.query("SELECT name FROM api_tokens WHERE revoked_at IS NULL LIMIT 1")).length > 0;
    },
    recordWrite(write) {
      pending.push(write);
      if (timer !== undefined) return;
      timer = setTimeout(() => void flushWrites().catch(() => undefined), 100);
      timer.unref();
    },
    flushWrites,
    async writes(options) {
      await flushWrites();
      const where = options.tokenName === undefined ? "" : "WHERE token_name = ?";
      const params = options.tokenName === undefined ? [options.limit] : [options.tokenName, options.limit];
      const rows = await client.query<{ at: number; token_name: string; method: string; path: string; status: number }>(`SELECT * FROM api_writes ${where} ORDER BY at DESC LIMIT ?`, params);
      return rows.map((row) => ({ at: Number(row.at), tokenName: row.token_name, method: row.method, path: row.path, status: Number(row.status) }));
    },
  };
}

function toToken(row: Record<string, unknown>): ApiTokenRecord {
  return { name: String(row.name), scope: row.scope as ApiTokenScope, createdAt: Number(row.created_at), revokedAt: row.revoked_at === null ? null : Number(row.revoked_at) };
}
