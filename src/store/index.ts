// Store: one Store interface over one database (libSQL file by default), with numbered
// migrations applied on open. Capabilities reach storage only through this folder.
export { openStore, createStore } from "./store.js";
export { copyStore } from "./copy/index.js";
export type { CopyStoreOptions, CopyProgress, CopyReport } from "./copy/index.js";
export type { Store, OpenStoreOptions } from "./store.js";
export { migrate } from "./migrate.js";
export { migrations } from "./migrations/index.js";
export type { Migration } from "./migrations/index.js";
export { openLibsqlClient } from "./libsql/libsql-client.js";
export type { SqlClient, SqlDialect, SqlStatement, SqlValue } from "./sql-client.js";
export type { TraceStore, PruneTracesOptions, PrunedTraces } from "./trace-store.js";
export type { CacheStore } from "./cache-store.js";
export type { FeedbackStore, FeedbackRecord, FeedbackFilter } from "./feedback-store.js";
export type { EvalStore } from "./eval-store.js";
export type { EvalRunRecord, EvalCellRecord, EvalRunStatus } from "./eval-records.js";
export type { SpanRecord, SpanStatus, TraceSummary, TraceFilter, TracePage, TraceDetail, TraceStats, TraceStatsPoint, TraceStatsQuery } from "./trace-records.js";
export type { OpenTraceRecord } from "./open-traces.js";
export { currentTraceOwner } from "./trace-owner.js";
export type { DatasetStore, DatasetVersionRecord, StoredDatasetRow, NewDatasetVersion, SplitCounts } from "./dataset-store.js";
export type { JobStore, JobRecord, JobState, JobEventRecord, JobUpdate } from "./job-store.js";
export type { CollectionStore, NewCollection, VectorSearchOptions, TextSearchOptions } from "./collection-store.js";
export type {
  ChunkFilter,
  ChunkHit,
  ChunkInput,
  ChunkLocation,
  CollectionCalibration,
  CollectionRecord,
  CollectionSummary,
  DocumentInput,
  DocumentState,
  VectorIndexKind,
} from "./rag-records.js";
export type { WorkerStore, WorkerRecord } from "./worker-store.js";
export type { ApiTokenStore, ApiTokenRecord, ApiTokenScope, ApiWriteRecord } from "./api-token-store.js";
export type { ChangeMarks, ChangeTopic } from "./change-marks.js";
export { openPostgresClient } from "./postgres/postgres-client.js";
export { isPostgresUrl, describePostgresUrl, withoutPassword } from "./postgres/postgres-url.js";
export type { RadarStore, RadarItemRecord, RadarSourceState, RadarClusterState, RadarModelRecord } from "./radar-store.js";
export type { PromptStore, PromptVersionRecord, CheckResultRecord, CheckStatus, LiveCallCounts } from "./prompt-store.js";
export type { ExperimentStore, ExperimentState, ExperimentSample } from "./experiment-store.js";
