import type { Migration } from "./migration.js";

/** Eval runs (one row each, with the suite snapshot and final statistics) and their cells, written as they finish. */
export const evalsMigration: Migration = {
  version: 3,
  name: "evals",
  up: () => [
    `CREATE TABLE eval_runs (
      run_id TEXT PRIMARY KEY,
      name TEXT,
      suite_file TEXT,
      suite_hash TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at DOUBLE PRECISION NOT NULL,
      finished_at DOUBLE PRECISION,
      cell_count BIGINT NOT NULL,
      passed BIGINT NOT NULL DEFAULT 0,
      failed BIGINT NOT NULL DEFAULT 0,
      errors BIGINT NOT NULL DEFAULT 0,
      suite TEXT NOT NULL,
      summary TEXT
    )`,
    `CREATE INDEX eval_runs_created ON eval_runs (created_at)`,
    `CREATE INDEX eval_runs_hash ON eval_runs (suite_hash, created_at)`,
    `CREATE TABLE eval_cells (
      run_id TEXT NOT NULL,
      test_index BIGINT NOT NULL,
      variant_index BIGINT NOT NULL,
      repeat_index BIGINT NOT NULL,
      status TEXT NOT NULL,
      score DOUBLE PRECISION NOT NULL,
      latency_ms DOUBLE PRECISION,
      cost_usd DOUBLE PRECISION,
      trace_id TEXT,
      created_at DOUBLE PRECISION NOT NULL,
      result TEXT NOT NULL,
      PRIMARY KEY (run_id, test_index, variant_index, repeat_index)
    )`,
  ],
};
