import type { Migration } from "./migration.js";

/**
 * Worker processes (`flywheel worker`) and the queues they serve, with a heartbeat: a command
 * can tell whether a live worker will take its work, and `flywheel workers` can list them.
 */
export const workersMigration: Migration = {
  version: 13,
  name: "workers",
  up: () => [
    `CREATE TABLE workers (
       worker_id TEXT PRIMARY KEY,
       host TEXT NOT NULL,
       pid BIGINT NOT NULL,
       queues TEXT NOT NULL,
       concurrency BIGINT NOT NULL,
       started_at DOUBLE PRECISION NOT NULL,
       heartbeat_at DOUBLE PRECISION NOT NULL,
       stopped_at DOUBLE PRECISION
     )`,
    "CREATE INDEX workers_heartbeat ON workers (heartbeat_at)",
  ],
};
