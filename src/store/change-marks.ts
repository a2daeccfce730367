import type { SqlClient } from "./sql-client.js";

/** What the workbench shows that another process may change: each has its own mark. */
export type ChangeTopic = "traces" | "feedback" | "evals" | "radar" | "prompts" | "experiments";

/**
 * A mark per topic that changes whenever its rows do (an insert, an update that folds in a span
 * or finishes a run, a delete), whichever process wrote them: comparing two readings tells what
 * changed. Plain aggregates, so it reads the same on libSQL and PostgreSQL and needs no trigger.
 */
export type ChangeMarks = Record<ChangeTopic, string>;

const MARK_QUERIES: Readonly<Record<ChangeTopic, string>> = {
  traces: "SELECT COUNT(*) AS a, SUM(span_count) AS b, MAX(end_time) AS c, SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS d FROM traces",
  feedback: "SELECT COUNT(*) AS a, MAX(created_at) AS b FROM feedback",
  evals: "SELECT (SELECT COUNT(*) FROM eval_runs) AS a, (SELECT COUNT(*) FROM eval_runs WHERE finished_at IS NULL) AS b, (SELECT COUNT(*) FROM eval_cells) AS c",
  // Marking read sets read_at to now and unread clears it; feedback sets feedback_at to now.
  radar:
    "SELECT (SELECT COUNT(*) FROM radar_digests) AS a, (SELECT MAX(created_at) FROM radar_digests) AS b, (SELECT COUNT(read_at) FROM radar_clusters) AS c, (SELECT MAX(read_at) FROM radar_clusters) AS d, (SELECT MAX(feedback_at) FROM radar_clusters) AS e",
  // A check result is replaced in place with a new created_at.
  prompts: "SELECT (SELECT COUNT(*) FROM prompt_versions) AS a, (SELECT COUNT(*) FROM span_checks) AS b, (SELECT MAX(created_at) FROM span_checks) AS c",
  experiments: "SELECT COUNT(*) AS a, MAX(started_at) AS b, MAX(ended_at) AS c, SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END) AS d FROM experiments",
};

/** Reads every topic's mark. */
export async function readChangeMarks(client: SqlClient): Promise<ChangeMarks> {
  const entries = await Promise.all(
    Object.entries(MARK_QUERIES).map(async ([topic, sql]) => {
      const row = (await client.query(sql))[0] ?? {};
      return [topic, Object.values(row).map((value) => (value === null ? "" : String(Number(value)))).join("/")] as const;
    }),
  );
  return Object.fromEntries(entries) as ChangeMarks;
}
