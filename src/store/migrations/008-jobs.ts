import type { Migration } from "./migration.js";

/** Jobs (fine-tuning and other long work) run through the jobs layer, and their events. */
export const jobsMigration: Migration = {
  version: 8,
  name: "jobs",
  up: () => [
    `CREATE TABLE jobs (
      job_id TEXT PRIMARY KEY,
      queue TEXT NOT NULL,
      state TEXT NOT NULL,
      payload TEXT NOT NULL,
      checkpoint TEXT,
      progress TEXT,
      result TEXT,
      error TEXT,
      cancel_requested INTEGER NOT NULL DEFAULT 0,
      attempts INTEGER NOT NULL DEFAULT 0,
      worker_id TEXT,
      heartbeat_at DOUBLE PRECISION,
      created_at DOUBLE PRECISION NOT NULL,
      updated_at DOUBLE PRECISION NOT NULL,
      started_at DOUBLE PRECISION,
      finished_at DOUBLE PRECISION
    )`,
    `CREATE INDEX jobs_queue_state ON jobs (queue, state, created_at)`,
    `CREATE TABLE job_events (
      job_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      time DOUBLE PRECISION NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      PRIMARY KEY (job_id, seq)
    )`,
  ],
};
