import type { Migration } from "./migration.js";

/**
 * The whole resolved suite of an eval run (prompts, targets, tests), kept apart from the run's
 * snapshot so a worker process on any machine can run a shard of the run's cells from the store.
 */
export const evalRunSuitesMigration: Migration = {
  version: 14,
  name: "eval-run-suites",
  up: () => [
    `CREATE TABLE eval_run_suites (
       run_id TEXT PRIMARY KEY,
       suite TEXT NOT NULL
     )`,
  ],
};
