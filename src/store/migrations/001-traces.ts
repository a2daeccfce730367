import type { Migration } from "./migration.js";

/** Spans, one row a span, and traces, one summary row a trace kept up to date on write. */
export const tracesMigration: Migration = {
  version: 1,
  name: "traces",
  up: () => [
    `CREATE TABLE spans (
      span_id TEXT PRIMARY KEY,
      trace_id TEXT NOT NULL,
      parent_span_id TEXT,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      start_time DOUBLE PRECISION NOT NULL,
      end_time DOUBLE PRECISION NOT NULL,
      duration_ms DOUBLE PRECISION NOT NULL,
      status TEXT NOT NULL,
      status_message TEXT,
      provider TEXT,
      model TEXT,
      input_tokens BIGINT,
      output_tokens BIGINT,
      cost_usd DOUBLE PRECISION,
      attributes TEXT NOT NULL,
      events TEXT NOT NULL
    )`,
    `CREATE INDEX spans_trace ON spans (trace_id, start_time)`,
    `CREATE TABLE traces (
      trace_id TEXT PRIMARY KEY,
      name TEXT,
      kind TEXT,
      start_time DOUBLE PRECISION NOT NULL,
      end_time DOUBLE PRECISION NOT NULL,
      duration_ms DOUBLE PRECISION,
      status TEXT NOT NULL,
      status_message TEXT,
      model TEXT,
      input_tokens BIGINT NOT NULL DEFAULT 0,
      output_tokens BIGINT NOT NULL DEFAULT 0,
      cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
      span_count BIGINT NOT NULL DEFAULT 0,
      input_preview TEXT,
      output_preview TEXT
    )`,
    `CREATE INDEX traces_start ON traces (start_time)`,
    `CREATE INDEX traces_model_start ON traces (model, start_time)`,
    `CREATE INDEX traces_status_start ON traces (status, start_time)`,
  ],
};
