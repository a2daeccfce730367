import { nullableNumber, nullableString } from "./row-values.js";
import type { SqlClient } from "./sql-client.js";

/** One piece of human feedback on a trace's output. */
export interface FeedbackRecord {
  feedbackId: string;
  traceId: string;
  /** The span whose output is judged; null means the trace's final output. */
  spanId: string | null;
  /** 0..1, when given. */
  score: number | null;
  /** `good` or `bad`, when given. */
  label: "good" | "bad" | null;
  /** The output the person wanted instead; preferred over the model's when building datasets. */
  correction: string | null;
  note: string | null;
  author: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** A feedback row's score, 0..1: its score, else its label (`good` = 1, `bad` = 0), else null. */
export function feedbackScore(row: { score?: unknown; label?: unknown }): number | null {
  return nullableNumber(row.score) ?? (row.label === "good" ? 1 : row.label === "bad" ? 0 : null);
}

/** Filters for listing feedback. */
export interface FeedbackFilter {
  traceId?: string;
  label?: "good" | "bad";
  minScore?: number;
  limit?: number;
}

/** Reads and writes feedback. */
export interface FeedbackStore {
  /** Adds one entry; earlier entries on the same trace are kept. */
  add(record: FeedbackRecord): Promise<void>;
  /** Entries, newest first. */
  list(filter?: FeedbackFilter): Promise<FeedbackRecord[]>;
  /** The latest entry per trace for the given traces. */
  latestByTrace(traceIds: string[]): Promise<Map<string, FeedbackRecord>>;
}

/** A FeedbackStore over any SqlClient. */
export function createFeedbackStore(client: SqlClient): FeedbackStore {
  return {
    async add(record) {
      await client.execute(
        `INSERT INTO feedback (feedback_id, trace_id, span_id, score, label, correction, note, author, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [record.feedbackId, record.traceId, record.spanId, record.score, record.label, record.correction, record.note, record.author, record.createdAt],
      );
    },
    async list(filter = {}) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (filter.traceId !== undefined) {
        where.push("trace_id = ?");
        params.push(filter.traceId);
      }
      if (filter.label !== undefined) {
        where.push("label = ?");
        params.push(filter.label);
      }
      if (filter.minScore !== undefined) {
        where.push("score >= ?");
        params.push(filter.minScore);
      }
      const rows = await client.query(
        `SELECT * FROM feedback ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, feedback_id DESC LIMIT ?`,
        [...params, Math.min(filter.limit ?? 1000, 100_000)],
      );
      return rows.map(toRecord);
    },
    async latestByTrace(traceIds) {
      const latest = new Map<string, FeedbackRecord>();
      for (let index = 0; index < traceIds.length; index += 500) {
        const slice = traceIds.slice(index, index + 500);
        const rows = await client.query(
          `SELECT * FROM feedback WHERE trace_id IN (${slice.map(() => "?").join(", ")}) ORDER BY created_at ASC, feedback_id ASC`,
          slice,
        );
        for (const row of rows) latest.set(String(row.trace_id), toRecord(row));
      }
      return latest;
    },
  };
}

function toRecord(row: Record<string, unknown>): FeedbackRecord {
  return {
    feedbackId: String(row.feedback_id),
    traceId: String(row.trace_id),
    spanId: nullableString(row.span_id),
    score: nullableNumber(row.score),
    label: nullableString(row.label) as FeedbackRecord["label"],
    correction: nullableString(row.correction),
    note: nullableString(row.note),
    author: String(row.author),
    createdAt: Number(row.created_at),
  };
}
