import type { Migration } from "./migration.js";

/**
 * The process that runs a trace, written when its root span starts and read while the trace
 * is `running`: a trace whose process has ended without finishing it is marked `interrupted`.
 */
export const traceOwnerMigration: Migration = {
  version: 11,
  name: "trace-owner",
  up: () => ["ALTER TABLE traces ADD COLUMN owner TEXT"],
};
