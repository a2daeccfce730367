import type { SqlClient } from "./sql-client.js";

/** Stored model responses, keyed by a hash of model, input and parameters. */
export interface CacheStore {
  /** The cached value, or undefined when absent or older than `maxAgeMs`. */
  get(key: string, options?: { maxAgeMs?: number }): Promise<unknown>;
  /** Stores a value, replacing an older one under the same key. */
  set(entry: { key: string; model: string; mode: string; value: unknown }): Promise<void>;
  /** Deletes every entry, or those of one model; returns how many went. */
  clear(options?: { model?: string }): Promise<number>;
}

/** A CacheStore over any SqlClient. */
export function createCacheStore(client: SqlClient): CacheStore {
  return {
    async get(key, options = {}) {
      const rows = await client.query<{ value: string; created_at: number }>(
        "SELECT value, created_at FROM response_cache WHERE cache_key = ?",
        [key],
      );
      const row = rows[0];
      if (row === undefined) return undefined;
      if (options.maxAgeMs !== undefined && Date.now() - Number(row.created_at) > options.maxAgeMs) return undefined;
      return JSON.parse(row.value) as unknown;
    },
    async set(entry) {
      await client.execute(
        `INSERT INTO response_cache (cache_key, model, mode, created_at, value) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (cache_key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
        [entry.key, entry.model, entry.mode, Date.now(), JSON.stringify(entry.value)],
      );
    },
    async clear(options = {}) {
      const result =
        options.model === undefined
          ? await client.execute("DELETE FROM response_cache")
          : await client.execute("DELETE FROM response_cache WHERE model = ?", [options.model]);
      return result.rowsAffected;
    },
  };
}
