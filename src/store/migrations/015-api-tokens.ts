import type { Migration } from "./migration.js";

/**
 * Named API tokens (only their SHA-256 is kept) and a record of every write made through the
 * server with the token that made it: who wrote what, and when.
 */
export const apiTokensMigration: Migration = {
  version: 15,
  name: "api-tokens",
  up: (dialect) => [
    `CREATE TABLE api_tokens (
       name TEXT PRIMARY KEY,
       token_hash TEXT NOT NULL UNIQUE,
       scope TEXT NOT NULL,
       created_at DOUBLE PRECISION NOT NULL,
       revoked_at DOUBLE PRECISION
     )`,
    `CREATE TABLE api_writes (
       id ${dialect === "postgres" ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"},
       at DOUBLE PRECISION NOT NULL,
       token_name TEXT NOT NULL,
       method TEXT NOT NULL,
       path TEXT NOT NULL,
       status BIGINT NOT NULL
     )`,
    "CREATE INDEX api_writes_at ON api_writes (at)",
  ],
};
