import type { Migration } from "./migration.js";

/** Datasets: named, append-only series of immutable versions, each with its rows. */
export const datasetsMigration: Migration = {
  version: 7,
  name: "datasets",
  up: () => [
    `CREATE TABLE dataset_versions (
      dataset TEXT NOT NULL,
      version INTEGER NOT NULL,
      content_hash TEXT NOT NULL,
      row_count INTEGER NOT NULL,
      train_count INTEGER NOT NULL,
      validation_count INTEGER NOT NULL,
      test_count INTEGER NOT NULL,
      source TEXT NOT NULL,
      report TEXT NOT NULL,
      created_at DOUBLE PRECISION NOT NULL,
      PRIMARY KEY (dataset, version)
    )`,
    `CREATE TABLE dataset_rows (
      dataset TEXT NOT NULL,
      version INTEGER NOT NULL,
      position INTEGER NOT NULL,
      split TEXT,
      row_key TEXT NOT NULL,
      body TEXT NOT NULL,
      PRIMARY KEY (dataset, version, position)
    )`,
    `CREATE INDEX dataset_rows_split ON dataset_rows (dataset, version, split, position)`,
  ],
};
