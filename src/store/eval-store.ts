import { UsageError } from "../errors/index.js";
import type { EvalCellRecord, EvalRunRecord, EvalRunStatus } from "./eval-records.js";
import { nullableNumber, nullableString } from "./row-values.js";
import type { SqlClient, SqlStatement } from "./sql-client.js";

/** Reads and writes eval runs and their cells. */
export interface EvalStore {
  /** Adds a new run (status `running`). */
  createRun(run: EvalRunRecord): Promise<void>;
  /** The newest unfinished run (running or cancelled) of a suite hash, to resume. */
  findResumableRun(suiteHash: string): Promise<EvalRunRecord | undefined>;
  /** Marks a run running again (when resuming). */
  reopenRun(runId: string): Promise<void>;
  /** Writes finished cells in one transaction; a cell written twice keeps the newer result. */
  writeCells(cells: EvalCellRecord[]): Promise<void>;
  /** Records the outcome of a run. */
  finishRun(runId: string, outcome: { status: EvalRunStatus; finishedAt: number; passed: number; failed: number; errors: number; summary: unknown }): Promise<void>;
  /** Runs, newest first. */
  listRuns(options?: { limit?: number; offset?: number }): Promise<EvalRunRecord[]>;
  /** A run by id or unique id prefix (6+ characters). */
  getRun(runIdOrPrefix: string): Promise<EvalRunRecord | undefined>;
  /** A run's cells, ordered by test, variant and repeat; only tests `fromTest` (inclusive) to `toTest` (exclusive) when given. */
  getCells(runId: string, tests?: { fromTest: number; toTest: number }): Promise<EvalCellRecord[]>;
  /** How many of a run's cells are stored, by status. */
  countCells(runId: string): Promise<Record<EvalCellRecord["status"], number>>;
  /** Keeps the resolved suite a run was made from (replacing an earlier one), for workers that run its cells. */
  saveSuite(runId: string, suite: unknown): Promise<void>;
  /** The resolved suite saved with `saveSuite`. */
  getSuite(runId: string): Promise<unknown>;
  /** A run's finished cells counted per variant: cells, passes, mean score. */
  variantScores(runId: string): Promise<{ variantIndex: number; cells: number; passed: number; meanScore: number }[]>;
}

const CELL_COLUMNS = 11;
const CELLS_PER_STATEMENT = 300;

/** An EvalStore over any SqlClient. */
export function createEvalStore(client: SqlClient): EvalStore {
  return {
    async createRun(run) {
      await client.execute(
        `INSERT INTO eval_runs (run_id, name, suite_file, suite_hash, status, created_at, finished_at, cell_count, passed, failed, errors, suite, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [run.runId, run.name, run.suiteFile, run.suiteHash, run.status, run.createdAt, run.finishedAt, run.cellCount, run.passed, run.failed, run.errors, JSON.stringify(run.suite), run.summary === null || run.summary === undefined ? null : JSON.stringify(run.summary)],
      );
    },
    async findResumableRun(suiteHash) {
      const rows = await client.query("SELECT * FROM eval_runs WHERE suite_hash = ? AND status <> 'completed' ORDER BY created_at DESC LIMIT 1", [suiteHash]);
      return rows[0] === undefined ? undefined : toRun(rows[0]);
    },
    async reopenRun(runId) {
      await client.execute("UPDATE eval_runs SET status = 'running', finished_at = NULL WHERE run_id = ?", [runId]);
    },
    async writeCells(cells) {
      if (cells.length === 0) return;
      const statements: SqlStatement[] = [];
      for (let start = 0; start < cells.length; start += CELLS_PER_STATEMENT) {
        const chunk = cells.slice(start, start + CELLS_PER_STATEMENT);
        statements.push({
          sql: `INSERT INTO eval_cells (run_id, test_index, variant_index, repeat_index, status, score, latency_ms, cost_usd, trace_id, created_at, result)
                VALUES ${chunk.map(() => `(${new Array(CELL_COLUMNS).fill("?").join(", ")})`).join(", ")}
                ON CONFLICT (run_id, test_index, variant_index, repeat_index) DO UPDATE SET
                  status = excluded.status, score = excluded.score, latency_ms = excluded.latency_ms, cost_usd = excluded.cost_usd,
                  trace_id = excluded.trace_id, created_at = excluded.created_at, result = excluded.result`,
          params: chunk.flatMap((cell) => [cell.runId, cell.testIndex, cell.variantIndex, cell.repeatIndex, cell.status, cell.score, cell.latencyMs, cell.costUsd, cell.traceId, cell.createdAt, JSON.stringify(cell.result)]),
        });
      }
      await client.batch(statements);
    },
    async finishRun(runId, outcome) {
      await client.execute("UPDATE eval_runs SET status = ?, finished_at = ?, passed = ?, failed = ?, errors = ?, summary = ? WHERE run_id = ?", [
        outcome.status,
        outcome.finishedAt,
        outcome.passed,
        outcome.failed,
        outcome.errors,
        JSON.stringify(outcome.summary),
        runId,
      ]);
    },
    async variantScores(runId) {
      const rows = await client.query(
        "SELECT variant_index, COUNT(*) AS cells, SUM(CASE WHEN status = 'pass' THEN 1 ELSE 0 END) AS passed, AVG(score) AS mean FROM eval_cells WHERE run_id = ? GROUP BY variant_index ORDER BY variant_index",
        [runId],
      );
      return rows.map((row) => ({ variantIndex: Number(row.variant_index), cells: Number(row.cells), passed: Number(row.passed), meanScore: Number(row.mean ?? 0) }));
    },
    async listRuns(options = {}) {
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
      const rows = await client.query("SELECT * FROM eval_runs ORDER BY created_at DESC, run_id DESC LIMIT ? OFFSET ?", [limit, Math.max(0, options.offset ?? 0)]);
      return rows.map(toRun);
    },
    async getRun(idOrPrefix) {
      let rows = await client.query("SELECT * FROM eval_runs WHERE run_id = ?", [idOrPrefix]);
      if (rows.length === 0 && idOrPrefix.length >= 6 && /^[0-9a-z-]+$/i.test(idOrPrefix)) {
        rows = await client.query("SELECT * FROM eval_runs WHERE run_id LIKE ? LIMIT 2", [`${idOrPrefix.toLowerCase()}%`]);
        if (rows.length > 1) throw new UsageError(`eval run id prefix "${idOrPrefix}" matches more than one run`, "give more characters of the id");
      }
      return rows[0] === undefined ? undefined : toRun(rows[0]);
    },
    async getCells(runId, tests) {
      const range = tests === undefined ? "" : " AND test_index >= ? AND test_index < ?";
      const rows = await client.query(`SELECT * FROM eval_cells WHERE run_id = ?${range} ORDER BY test_index, variant_index, repeat_index`, tests === undefined ? [runId] : [runId, tests.fromTest, tests.toTest]);
      return rows.map(toCell);
    },
    async countCells(runId) {
      const counts = { pass: 0, fail: 0, error: 0 };
      for (const row of await client.query("SELECT status, COUNT(*) AS count FROM eval_cells WHERE run_id = ? GROUP BY status", [runId])) counts[String(row.status) as keyof typeof counts] = Number(row.count);
      return counts;
    },
    async saveSuite(runId, suite) {
      await client.execute("INSERT INTO eval_run_suites (run_id, suite) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET suite = excluded.suite", [runId, JSON.stringify(suite)]);
    },
    async getSuite(runId) {
      const rows = await client.query("SELECT suite FROM eval_run_suites WHERE run_id = ?", [runId]);
      return rows[0] === undefined ? undefined : (JSON.parse(String(rows[0].suite)) as unknown);
    },
  };
}

function toRun(row: Record<string, unknown>): EvalRunRecord {
  return {
    runId: String(row.run_id),
    name: nullableString(row.name),
    suiteFile: nullableString(row.suite_file),
    suiteHash: String(row.suite_hash),
    status: String(row.status) as EvalRunStatus,
    createdAt: Number(row.created_at),
    finishedAt: nullableNumber(row.finished_at),
    cellCount: Number(row.cell_count),
    passed: Number(row.passed),
    failed: Number(row.failed),
    errors: Number(row.errors),
    suite: JSON.parse(String(row.suite)) as unknown,
    summary: row.summary === null || row.summary === undefined ? null : (JSON.parse(String(row.summary)) as unknown),
  };
}

function toCell(row: Record<string, unknown>): EvalCellRecord {
  return {
    runId: String(row.run_id),
    testIndex: Number(row.test_index),
    variantIndex: Number(row.variant_index),
    repeatIndex: Number(row.repeat_index),
    status: String(row.status) as EvalCellRecord["status"],
    score: Number(row.score),
    latencyMs: nullableNumber(row.latency_ms),
    costUsd: nullableNumber(row.cost_usd),
    traceId: nullableString(row.trace_id),
    createdAt: Number(row.created_at),
    result: JSON.parse(String(row.result)) as Record<string, unknown>,
  };
}
