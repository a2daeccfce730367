import type { SqlClient } from "./sql-client.js";

/** A trace whose root span has started and not yet ended, with the process that runs it. */
export interface OpenTraceRecord {
  traceId: string;
  /** The root span's name and kind, shown while the trace runs. */
  name: string;
  kind: string;
  /** Epoch milliseconds. */
  startTime: number;
  /** The process that runs the trace, in a form the caller's `isGone` understands. */
  owner: string;
}

const interruptedMessage = "the process that ran it ended before the trace finished";

/**
 * Writes open traces as `running` rows with their owner. A trace whose root span was written
 * meanwhile (it finished first) is left as it is.
 */
export async function writeOpenTraces(client: SqlClient, records: OpenTraceRecord[]): Promise<void> {
  if (records.length === 0) return;
  await client.batch(
    records.map((record) => ({
      sql: `INSERT INTO traces (trace_id, name, kind, start_time, end_time, status, owner) VALUES (?, ?, ?, ?, ?, 'running', ?)
            ON CONFLICT (trace_id) DO UPDATE SET owner = excluded.owner, name = COALESCE(traces.name, excluded.name), kind = COALESCE(traces.kind, excluded.kind)
            WHERE traces.status = 'running'`,
      params: [record.traceId, record.name, record.kind, record.startTime, record.startTime, record.owner],
    })),
  );
}

/** Marks `interrupted` every running trace whose owner `isGone` says has ended; returns how many were marked. */
export async function interruptTraces(client: SqlClient, isGone: (owner: string) => boolean): Promise<number> {
  const rows = await client.query("SELECT trace_id, owner FROM traces WHERE status = 'running' AND owner IS NOT NULL");
  const gone = rows.filter((row) => isGone(String(row.owner))).map((row) => String(row.trace_id));
  for (let start = 0; start < gone.length; start += 400) {
    const ids = gone.slice(start, start + 400);
    await client.execute(`UPDATE traces SET status = 'interrupted', status_message = ? WHERE status = 'running' AND trace_id IN (${ids.map(() => "?").join(", ")})`, [
      interruptedMessage,
      ...ids,
    ]);
  }
  return gone.length;
}
