import type { Migration } from "./migration.js";

/**
 * Fast trace search and charts over large stores. SQLite: a trigram full-text index over
 * each trace's id, name and previews (substring search without a table scan), kept in
 * step by triggers; a covering index for the time-bucket statistics, which replaces the
 * plain start-time index it begins with. PostgreSQL: a pg_trgm index on the same text.
 */
export const traceSearchMigration: Migration = {
  version: 9,
  name: "trace-search",
  up: (dialect) =>
    dialect === "postgres"
      ? [
          `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
          `CREATE INDEX traces_search ON traces USING gin ((LOWER(trace_id || ' ' || COALESCE(name, '') || ' ' || COALESCE(input_preview, '') || ' ' || COALESCE(output_preview, ''))) gin_trgm_ops)`,
          `CREATE INDEX traces_start_stats ON traces (start_time, status, duration_ms, cost_usd)`,
          `DROP INDEX traces_start`,
        ]
      : [
          `CREATE VIRTUAL TABLE traces_search USING fts5(trace_id, name, input_preview, output_preview, content='traces', tokenize='trigram')`,
          `INSERT INTO traces_search (traces_search) VALUES ('rebuild')`,
          `CREATE TRIGGER traces_search_insert AFTER INSERT ON traces BEGIN
             INSERT INTO traces_search (rowid, trace_id, name, input_preview, output_preview) VALUES (new.rowid, new.trace_id, new.name, new.input_preview, new.output_preview);
           END`,
          `CREATE TRIGGER traces_search_update AFTER UPDATE OF name, input_preview, output_preview ON traces
           WHEN old.name IS NOT new.name OR old.input_preview IS NOT new.input_preview OR old.output_preview IS NOT new.output_preview BEGIN
             INSERT INTO traces_search (traces_search, rowid, trace_id, name, input_preview, output_preview) VALUES ('delete', old.rowid, old.trace_id, old.name, old.input_preview, old.output_preview);
             INSERT INTO traces_search (rowid, trace_id, name, input_preview, output_preview) VALUES (new.rowid, new.trace_id, new.name, new.input_preview, new.output_preview);
           END`,
          `CREATE TRIGGER traces_search_delete AFTER DELETE ON traces BEGIN
             INSERT INTO traces_search (traces_search, rowid, trace_id, name, input_preview, output_preview) VALUES ('delete', old.rowid, old.trace_id, old.name, old.input_preview, old.output_preview);
           END`,
          `CREATE INDEX traces_start_stats ON traces (start_time, status, duration_ms, cost_usd)`,
          `DROP INDEX traces_start`,
        ],
};
