import type { Migration } from "./migration.js";

/** Human feedback on traces: several entries per trace, each with author and time. */
export const feedbackMigration: Migration = {
  version: 6,
  name: "feedback",
  up: () => [
    `CREATE TABLE feedback (
      feedback_id TEXT PRIMARY KEY,
      trace_id TEXT NOT NULL,
      span_id TEXT,
      score DOUBLE PRECISION,
      label TEXT,
      correction TEXT,
      note TEXT,
      author TEXT NOT NULL,
      created_at DOUBLE PRECISION NOT NULL
    )`,
    `CREATE INDEX feedback_trace ON feedback (trace_id, created_at)`,
    `CREATE INDEX feedback_label ON feedback (label, created_at)`,
  ],
};
