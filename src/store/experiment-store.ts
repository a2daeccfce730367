import { feedbackScore } from "./feedback-store.js";
import { nullableNumber, nullableString } from "./row-values.js";
import type { SqlClient } from "./sql-client.js";

/** Where an experiment stands. */
export interface ExperimentState {
  name: string;
  /** `running` until shipped or stopped. */
  status: "running" | "shipped" | "stopped";
  /** The variant every unit gets once shipped. */
  winner: string | null;
  /** Epoch ms of the first call it assigned (or of `start`). */
  startedAt: number;
  /** Epoch ms it was shipped or stopped. */
  endedAt: number | null;
}

/** One finished call an experiment assigned: what its metrics are computed from. */
export interface ExperimentSample {
  traceId: string;
  variant: string;
  /** The unit (user, session or request id) assigned. */
  unit: string | null;
  /** Epoch ms the call started. */
  time: number;
  latencyMs: number | null;
  costUsd: number;
  /** The call failed (status `error` or `interrupted`). */
  error: boolean;
  /** The latest feedback score on the trace, 0..1 (`good` = 1, `bad` = 0), when any. */
  feedback: number | null;
  /** Online check results by check name: true when it passed; errored checks are left out. */
  checks: Record<string, boolean>;
}

/** Experiments' state and the samples their reports are computed from. */
export interface ExperimentStore {
  /** The state of one experiment, if it ever ran. */
  state(name: string): Promise<ExperimentState | undefined>;
  /** Every experiment that ever ran, by name. */
  list(): Promise<ExperimentState[]>;
  /** Marks an experiment running from `at`, unless it is already known; returns its state. */
  start(name: string, at: number): Promise<ExperimentState>;
  /** Ends an experiment with a winner that every unit gets from now on. */
  ship(name: string, winner: string, at: number): Promise<void>;
  /** Ends an experiment without a winner: units get the control again. */
  stop(name: string, at: number): Promise<void>;
  /** The finished calls of an experiment, oldest first, with their feedback and check results. */
  samples(name: string): Promise<ExperimentSample[]>;
}

/** The experiment store over a SQL client. */
export function createExperimentStore(client: SqlClient): ExperimentStore {
  const state = async (name: string) => {
    const [row] = await client.query("SELECT * FROM experiments WHERE name = ?", [name]);
    return row === undefined ? undefined : toState(row);
  };
  return {
    state,
    async list() {
      return (await client.query("SELECT * FROM experiments ORDER BY started_at, name")).map(toState);
    },
    async start(name, at) {
      await client.execute("INSERT INTO experiments (name, status, winner, started_at, ended_at) VALUES (?, 'running', NULL, ?, NULL) ON CONFLICT (name) DO NOTHING", [name, at]);
      return (await state(name))!;
    },
    async ship(name, winner, at) {
      await client.execute(
        `INSERT INTO experiments (name, status, winner, started_at, ended_at) VALUES (?, 'shipped', ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET status = 'shipped', winner = excluded.winner, ended_at = excluded.ended_at`,
        [name, winner, at, at],
      );
    },
    async stop(name, at) {
      await client.execute(
        `INSERT INTO experiments (name, status, winner, started_at, ended_at) VALUES (?, 'stopped', NULL, ?, ?)
         ON CONFLICT (name) DO UPDATE SET status = 'stopped', winner = NULL, ended_at = excluded.ended_at`,
        [name, at, at],
      );
    },
    async samples(name) {
      const rows = await client.query(
        `SELECT trace_id, variant, unit, start_time, duration_ms, cost_usd, status FROM traces
         WHERE experiment = ? AND variant IS NOT NULL AND status <> 'running' ORDER BY start_time, trace_id`,
        [name],
      );
      const feedback = new Map<string, number>();
      const feedbackRows = await client.query(
        `SELECT f.trace_id, f.score, f.label FROM feedback f JOIN traces t ON t.trace_id = f.trace_id
         WHERE t.experiment = ? ORDER BY f.created_at, f.feedback_id`,
        [name],
      );
      for (const row of feedbackRows) {
        const score = feedbackScore(row);
        if (score !== null) feedback.set(String(row.trace_id), score);
      }
      const checks = new Map<string, Record<string, boolean>>();
      const checkRows = await client.query(
        `SELECT c.trace_id, c.check_name, c.status FROM span_checks c JOIN traces t ON t.trace_id = c.trace_id
         WHERE t.experiment = ? AND c.status <> 'error' ORDER BY c.created_at`,
        [name],
      );
      for (const row of checkRows) {
        const traceId = String(row.trace_id);
        const entry = checks.get(traceId) ?? {};
        entry[String(row.check_name)] = row.status === "pass";
        checks.set(traceId, entry);
      }
      return rows.map((row) => {
        const traceId = String(row.trace_id);
        return {
          traceId,
          variant: String(row.variant),
          unit: nullableString(row.unit),
          time: Number(row.start_time),
          latencyMs: nullableNumber(row.duration_ms),
          costUsd: Number(row.cost_usd),
          error: row.status === "error" || row.status === "interrupted",
          feedback: feedback.get(traceId) ?? null,
          checks: checks.get(traceId) ?? {},
        };
      });
    },
  };
}

function toState(row: Record<string, unknown>): ExperimentState {
  return {
    name: String(row.name),
    status: String(row.status) as ExperimentState["status"],
    winner: nullableString(row.winner),
    startedAt: Number(row.started_at),
    endedAt: nullableNumber(row.ended_at),
  };
}
