import { feedbackScore } from "./feedback-store.js";
import { nullableNumber, nullableString } from "./row-values.js";
import type { SqlClient } from "./sql-client.js";

/** One version of a prompt file, as first seen in use. */
export interface PromptVersionRecord {
  /** The prompt's name (front matter `name`, else the file name). */
  name: string;
  /** SHA-256 (hex) of the canonical file: its identity (`promptContentHash`). */
  hash: string;
  /** The path it was read from, when read from a file. */
  file: string | null;
  /** The file's text: front matter and template. */
  source: string;
  /** Epoch ms of the first call that used it. */
  firstSeenAt: number;
}

/** How an online check ended on one span. */
export type CheckStatus = "pass" | "fail" | "error";

/** One online check's result on one span (a live call of a prompt). */
export interface CheckResultRecord {
  spanId: string;
  traceId: string;
  /** The check's name (its `name`, else its type). */
  checkName: string;
  promptName: string | null;
  promptHash: string | null;
  /** `error` when the check itself failed (threw, timed out, grader down): never a fail of the output. */
  status: CheckStatus;
  /** The assertion's score, 0..1, when it has one. */
  score: number | null;
  /** Why it passed or failed, or the error's message. */
  reason: string | null;
  /** What a model-graded check spent, US dollars. */
  costUsd: number | null;
  /** Epoch ms. */
  createdAt: number;
}

/** Prompt versions seen in use, and online check results on live calls. */
export interface PromptStore {
  /** Records a version the first time it is seen; a version already stored is left as it is. */
  recordVersion(version: PromptVersionRecord): Promise<void>;
  /** Stored versions, of one prompt or of all, oldest first within a prompt. */
  versions(name?: string): Promise<PromptVersionRecord[]>;
  /** The versions of `name` whose hash starts with `hashPrefix` (one, unless the prefix is ambiguous). */
  versionsByPrefix(name: string, hashPrefix: string): Promise<PromptVersionRecord[]>;
  /** Stores check results; a result already stored for the same span and check is replaced. */
  recordChecks(results: readonly CheckResultRecord[]): Promise<void>;
  /** The check results of the given traces. */
  checksOfTraces(traceIds: readonly string[]): Promise<CheckResultRecord[]>;
  /** What model-graded checks of a prompt spent since `since` (epoch ms), US dollars. */
  checkSpendSince(promptName: string, since: number): Promise<number>;
  /** Live calls per prompt version (traces labelled with a prompt hash; eval cells and running traces left out). */
  liveCalls(name?: string): Promise<LiveCallCounts[]>;
  /** Durations (ms) of a prompt's newest live calls, at most `limit`, with their version. */
  liveDurations(name: string, limit: number): Promise<{ promptHash: string; durationMs: number }[]>;
  /** The latest feedback score (0..1; good = 1, bad = 0) of each of a prompt's live calls that has one. */
  liveFeedback(name: string): Promise<{ promptHash: string; score: number }[]>;
  /** Check results of a prompt counted by version, check and status. */
  checkCounts(name: string): Promise<{ promptHash: string; checkName: string; status: CheckStatus; count: number }[]>;
}

/** Live calls of one prompt version. */
export interface LiveCallCounts {
  promptName: string;
  promptHash: string;
  calls: number;
  errors: number;
  costUsd: number;
  /** Epoch ms of the first and last call. */
  firstAt: number;
  lastAt: number;
}

/** Traces that are live calls of a prompt: labelled with a version, not an eval cell, finished. */
const LIVE = "prompt_hash IS NOT NULL AND (kind IS NULL OR kind <> 'eval') AND status <> 'running'";

/** The prompt store over a SQL client. */
export function createPromptStore(client: SqlClient): PromptStore {
  return {
    async recordVersion(version) {
      await client.execute(
        `INSERT INTO prompt_versions (name, hash, file, source, first_seen_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (name, hash) DO NOTHING`,
        [version.name, version.hash, version.file, version.source, version.firstSeenAt],
      );
    },
    async versions(name) {
      const rows =
        name === undefined
          ? await client.query("SELECT * FROM prompt_versions ORDER BY name, first_seen_at, hash")
          : await client.query("SELECT * FROM prompt_versions WHERE name = ? ORDER BY first_seen_at, hash", [name]);
      return rows.map(toVersion);
    },
    async versionsByPrefix(name, hashPrefix) {
      const rows = await client.query("SELECT * FROM prompt_versions WHERE name = ? AND hash LIKE ? ORDER BY first_seen_at, hash LIMIT 10", [name, `${hashPrefix.toLowerCase()}%`]);
      return rows.map(toVersion);
    },
    async recordChecks(results) {
      // One statement per 100 results: atomic without a transaction, so concurrent writers never wait on each other's.
      for (let index = 0; index < results.length; index += 100) {
        const slice = results.slice(index, index + 100);
        await client.execute(
          `INSERT INTO span_checks (span_id, check_name, trace_id, prompt_name, prompt_hash, status, score, reason, cost_usd, created_at)
           VALUES ${slice.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}
           ON CONFLICT (span_id, check_name) DO UPDATE SET status = excluded.status, score = excluded.score, reason = excluded.reason,
             cost_usd = excluded.cost_usd, created_at = excluded.created_at`,
          slice.flatMap((result) => [result.spanId, result.checkName, result.traceId, result.promptName, result.promptHash, result.status, result.score, result.reason, result.costUsd, result.createdAt]),
        );
      }
    },
    async checksOfTraces(traceIds) {
      const results: CheckResultRecord[] = [];
      for (let index = 0; index < traceIds.length; index += 500) {
        const slice = traceIds.slice(index, index + 500);
        const rows = await client.query(`SELECT * FROM span_checks WHERE trace_id IN (${slice.map(() => "?").join(", ")}) ORDER BY created_at, check_name`, [...slice]);
        results.push(...rows.map(toCheck));
      }
      return results;
    },
    async liveCalls(name) {
      const rows = await client.query(
        `SELECT prompt_name, prompt_hash, COUNT(*) AS calls, SUM(CASE WHEN status IN ('error', 'interrupted') THEN 1 ELSE 0 END) AS errors,
           SUM(cost_usd) AS cost, MIN(start_time) AS first_at, MAX(start_time) AS last_at
         FROM traces WHERE ${LIVE} ${name === undefined ? "" : "AND prompt_name = ?"} GROUP BY prompt_name, prompt_hash ORDER BY prompt_name, MIN(start_time)`,
        name === undefined ? [] : [name],
      );
      return rows.map((row) => ({
        promptName: String(row.prompt_name),
        promptHash: String(row.prompt_hash),
        calls: Number(row.calls),
        errors: Number(row.errors),
        costUsd: Number(row.cost ?? 0),
        firstAt: Number(row.first_at),
        lastAt: Number(row.last_at),
      }));
    },
    async liveDurations(name, limit) {
      const rows = await client.query(`SELECT prompt_hash, duration_ms FROM traces WHERE ${LIVE} AND prompt_name = ? AND duration_ms IS NOT NULL ORDER BY start_time DESC LIMIT ?`, [name, limit]);
      return rows.map((row) => ({ promptHash: String(row.prompt_hash), durationMs: Number(row.duration_ms) }));
    },
    async liveFeedback(name) {
      const rows = await client.query(
        `SELECT t.prompt_hash, f.trace_id, f.score, f.label FROM feedback f JOIN traces t ON t.trace_id = f.trace_id
         WHERE t.prompt_name = ? AND t.prompt_hash IS NOT NULL AND (t.kind IS NULL OR t.kind <> 'eval') ORDER BY f.created_at, f.feedback_id`,
        [name],
      );
      const latest = new Map<string, { promptHash: string; score: number }>();
      for (const row of rows) {
        const score = feedbackScore(row);
        if (score !== null) latest.set(String(row.trace_id), { promptHash: String(row.prompt_hash), score });
      }
      return [...latest.values()];
    },
    async checkCounts(name) {
      const rows = await client.query("SELECT prompt_hash, check_name, status, COUNT(*) AS n FROM span_checks WHERE prompt_name = ? GROUP BY prompt_hash, check_name, status ORDER BY check_name", [name]);
      return rows.map((row) => ({ promptHash: String(row.prompt_hash), checkName: String(row.check_name), status: String(row.status) as CheckStatus, count: Number(row.n) }));
    },
    async checkSpendSince(promptName, since) {
      const [row] = await client.query<{ spent: number | null }>("SELECT SUM(cost_usd) AS spent FROM span_checks WHERE prompt_name = ? AND created_at >= ?", [promptName, since]);
      return Number(row?.spent ?? 0);
    },
  };
}

function toVersion(row: Record<string, unknown>): PromptVersionRecord {
  return { name: String(row.name), hash: String(row.hash), file: nullableString(row.file), source: String(row.source), firstSeenAt: Number(row.first_seen_at) };
}

function toCheck(row: Record<string, unknown>): CheckResultRecord {
  return {
    spanId: String(row.span_id),
    traceId: String(row.trace_id),
    checkName: String(row.check_name),
    promptName: nullableString(row.prompt_name),
    promptHash: nullableString(row.prompt_hash),
    status: String(row.status) as CheckStatus,
    score: nullableNumber(row.score),
    reason: nullableString(row.reason),
    costUsd: nullableNumber(row.cost_usd),
    createdAt: Number(row.created_at),
  };
}
