import path from "node:path";
import { createApiTokenStore } from "./api-token-store.js";
import type { ApiTokenStore } from "./api-token-store.js";
import { createCacheStore } from "./cache-store.js";
import { readChangeMarks } from "./change-marks.js";
import type { ChangeMarks } from "./change-marks.js";
import { createDatasetStore } from "./dataset-store.js";
import { createJobStore } from "./job-store.js";
import type { JobStore } from "./job-store.js";
import type { DatasetStore } from "./dataset-store.js";
import { createFeedbackStore } from "./feedback-store.js";
import type { FeedbackStore } from "./feedback-store.js";
import { createCollectionStore } from "./collection-store.js";
import type { CollectionStore, CollectionStoreOptions } from "./collection-store.js";
import { createEvalStore } from "./eval-store.js";
import type { EvalStore } from "./eval-store.js";
import type { CacheStore } from "./cache-store.js";
import { openLibsqlClient } from "./libsql/libsql-client.js";
import { openPostgresClient } from "./postgres/postgres-client.js";
import { isPostgresUrl, withoutPassword } from "./postgres/postgres-url.js";
import { migrate } from "./migrate.js";
import { migrations } from "./migrations/index.js";
import { redactingSqlClient } from "./redacting-sql-client.js";
import type { SqlClient } from "./sql-client.js";
import { createTraceStore } from "./trace-store.js";
import { createExperimentStore } from "./experiment-store.js";
import type { ExperimentStore } from "./experiment-store.js";
import { createPromptStore } from "./prompt-store.js";
import type { PromptStore } from "./prompt-store.js";
import { createRadarStore } from "./radar-store.js";
import type { RadarStore } from "./radar-store.js";
import { createWorkerStore } from "./worker-store.js";
import type { WorkerStore } from "./worker-store.js";
import type { TraceStore } from "./trace-store.js";
import { interruptTraces } from "./open-traces.js";
import { isTraceOwnerGone } from "./trace-owner.js";

/**
 * Everything Flywheel keeps: one object per concern, all over the same database.
 * The libSQL file is the default; a PostgreSQL client plugs in behind the same
 * SqlClient and passes the same test suite.
 */
export interface Store {
  /** Where the data lives (a path or URL, never with credentials). */
  readonly location: string;
  /** Raw SQL access for repositories; capabilities use the typed stores below. */
  readonly sql: SqlClient;
  /** Spans and trace summaries. */
  readonly traces: TraceStore;
  /** The response cache. */
  readonly cache: CacheStore;
  /** Human feedback on traces. */
  readonly feedback: FeedbackStore;
  /** Dataset versions and their rows. */
  readonly datasets: DatasetStore;
  /** Jobs of the in-process queue and their events. */
  readonly jobs: JobStore;
  /** Retrieval collections: documents, chunks, vectors and full text. */
  readonly collections: CollectionStore;
  /** Eval runs and their cells. */
  readonly evals: EvalStore;
  /** Worker processes that take queued jobs, with their heartbeats. */
  readonly workers: WorkerStore;
  /** Named API tokens (hashes only) and the writes made through the server with them. */
  readonly tokens: ApiTokenStore;
  /** The radar's feeds, items, clusters, digests and model snapshot. */
  readonly radar: RadarStore;
  /** Prompt versions seen in use and online check results. */
  readonly prompts: PromptStore;
  /** Experiments' state and samples. */
  readonly experiments: ExperimentStore;
  /** A mark per topic (traces, feedback, evals) that changes when any process writes its rows. */
  changes(): Promise<ChangeMarks>;
  /** Closes the database. */
  close(): Promise<void>;
}

/** Options for `openStore`. */
export interface OpenStoreOptions {
  /** A file path, a `file:` URL, `:memory:`, or a `postgres://` connection string. */
  url: string;
}

/**
 * Opens (creating if needed) the store and applies pending migrations; traces left `running`
 * by a process on this machine that has since ended are marked `interrupted`.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  return createStore(await openSqlClient(options), options.url, { vectorIndexFolder: vectorIndexFolder(options.url) });
}

/**
 * Opens the database behind a store location and applies pending migrations, without the
 * Store around it: a raw client whose writes are not redacted, for moving rows as they are.
 */
export async function openSqlClient(options: OpenStoreOptions): Promise<SqlClient> {
  const sql = isPostgresUrl(options.url) ? await openPostgresClient({ url: options.url }) : await openLibsqlClient({ url: options.url });
  try {
    await migrate(sql, migrations);
    await interruptTraces(sql, isTraceOwnerGone);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return sql;
}

/** `<file>.vectors` beside a store file; none for in-memory and remote databases. */
export function vectorIndexFolder(url: string): string | undefined {
  if (url === ":memory:" || url.includes("mode=memory")) return undefined;
  if (!url.startsWith("file:") && /^[a-z]+:\/\//i.test(url)) return undefined;
  const file = url.startsWith("file:") ? url.slice("file:".length).replace(/^\/\//, "").split("?")[0]! : url;
  return `${path.resolve(file)}.vectors`;
}

/** Builds a Store over an already-migrated SqlClient; every string it writes is redacted. */
export function createStore(client: SqlClient, location: string, options: CollectionStoreOptions = {}): Store {
  const sql = redactingSqlClient(client);
  const tokens = createApiTokenStore(sql);
  return {
    location: isPostgresUrl(location) ? withoutPassword(location) : location.replace(/\/\/[^@/]*@/, "//"),
    sql,
    traces: createTraceStore(sql),
    cache: createCacheStore(sql),
    feedback: createFeedbackStore(sql),
    datasets: createDatasetStore(sql),
    jobs: createJobStore(sql),
    collections: createCollectionStore(sql, options),
    evals: createEvalStore(sql),
    workers: createWorkerStore(sql),
    tokens,
    radar: createRadarStore(sql),
    prompts: createPromptStore(sql),
    experiments: createExperimentStore(sql),
    changes: () => readChangeMarks(sql),
    close: async () => {
      await tokens.flushWrites().catch(() => undefined);
      await sql.close();
    },
  };
}
