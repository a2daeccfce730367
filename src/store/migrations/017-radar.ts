import type { Migration } from "./migration.js";

/**
 * The radar: each feed's fetch state (for conditional GET), the items read from feeds with
 * their cluster, per-cluster read state and feedback, digests, and the last snapshot of the
 * watched model lists and prices.
 */
export const radarMigration: Migration = {
  version: 17,
  name: "radar",
  up: () => [
    `CREATE TABLE radar_sources (
       url TEXT PRIMARY KEY,
       etag TEXT,
       last_modified TEXT,
       fetched_at DOUBLE PRECISION NOT NULL,
       status BIGINT NOT NULL,
       error TEXT,
       item_count BIGINT NOT NULL
     )`,
    `CREATE TABLE radar_items (
       id TEXT PRIMARY KEY,
       source_url TEXT NOT NULL,
       source_name TEXT NOT NULL,
       url TEXT NOT NULL,
       canonical_url TEXT NOT NULL,
       guid TEXT,
       title TEXT NOT NULL,
       text TEXT NOT NULL,
       published_at DOUBLE PRECISION,
       fetched_at DOUBLE PRECISION NOT NULL,
       content_hash TEXT NOT NULL,
       cluster_id TEXT NOT NULL,
       title_vector TEXT
     )`,
    "CREATE INDEX radar_items_content_hash ON radar_items (content_hash)",
    "CREATE INDEX radar_items_cluster ON radar_items (cluster_id)",
    "CREATE INDEX radar_items_fetched_at ON radar_items (fetched_at)",
    `CREATE TABLE radar_clusters (
       id TEXT PRIMARY KEY,
       read_at DOUBLE PRECISION,
       feedback TEXT,
       feedback_at DOUBLE PRECISION
     )`,
    `CREATE TABLE radar_digests (
       id TEXT PRIMARY KEY,
       created_at DOUBLE PRECISION NOT NULL,
       body TEXT NOT NULL
     )`,
    "CREATE INDEX radar_digests_created_at ON radar_digests (created_at)",
    `CREATE TABLE radar_models (
       model_id TEXT PRIMARY KEY,
       origin TEXT NOT NULL,
       facts TEXT NOT NULL,
       first_seen_at DOUBLE PRECISION NOT NULL,
       last_seen_at DOUBLE PRECISION NOT NULL
     )`,
  ],
};
