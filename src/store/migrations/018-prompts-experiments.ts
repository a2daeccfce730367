import type { Migration } from "./migration.js";

/**
 * Prompts in production. Each trace keeps the prompt name and version (content hash) and the
 * experiment, variant and unit its root span carries, so per-version and per-variant metrics
 * are one indexed query; the text of every prompt version seen (to show and diff it later);
 * online check results, one row per span and check; and each experiment's state (running,
 * shipped with a winner, stopped).
 */
export const promptsExperimentsMigration: Migration = {
  version: 18,
  name: "prompts-experiments",
  up: () => [
    "ALTER TABLE traces ADD COLUMN prompt_name TEXT",
    "ALTER TABLE traces ADD COLUMN prompt_hash TEXT",
    "ALTER TABLE traces ADD COLUMN experiment TEXT",
    "ALTER TABLE traces ADD COLUMN variant TEXT",
    "ALTER TABLE traces ADD COLUMN unit TEXT",
    "CREATE INDEX traces_prompt ON traces (prompt_name, prompt_hash, start_time)",
    "CREATE INDEX traces_experiment ON traces (experiment, variant, start_time)",
    `CREATE TABLE prompt_versions (
       name TEXT NOT NULL,
       hash TEXT NOT NULL,
       file TEXT,
       source TEXT NOT NULL,
       first_seen_at DOUBLE PRECISION NOT NULL,
       PRIMARY KEY (name, hash)
     )`,
    `CREATE TABLE span_checks (
       span_id TEXT NOT NULL,
       check_name TEXT NOT NULL,
       trace_id TEXT NOT NULL,
       prompt_name TEXT,
       prompt_hash TEXT,
       status TEXT NOT NULL,
       score DOUBLE PRECISION,
       reason TEXT,
       cost_usd DOUBLE PRECISION,
       created_at DOUBLE PRECISION NOT NULL,
       PRIMARY KEY (span_id, check_name)
     )`,
    "CREATE INDEX span_checks_trace ON span_checks (trace_id)",
    "CREATE INDEX span_checks_prompt ON span_checks (prompt_name, prompt_hash, created_at)",
    `CREATE TABLE experiments (
       name TEXT PRIMARY KEY,
       status TEXT NOT NULL,
       winner TEXT,
       started_at DOUBLE PRECISION NOT NULL,
       ended_at DOUBLE PRECISION
     )`,
  ],
};
