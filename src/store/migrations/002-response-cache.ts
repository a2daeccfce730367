import type { Migration } from "./migration.js";

/** The opt-in response cache: a model result keyed by a hash of model, input and parameters. */
export const responseCacheMigration: Migration = {
  version: 2,
  name: "response-cache",
  up: () => [
    `CREATE TABLE response_cache (
      cache_key TEXT PRIMARY KEY,
      model TEXT NOT NULL,
      mode TEXT NOT NULL,
      created_at DOUBLE PRECISION NOT NULL,
      value TEXT NOT NULL
    )`,
  ],
};
