import { UsageError } from "../errors/index.js";
// The catalog alone (no tracer): the store reads the attributes its previews come from.
import { FlywheelAttributes, GenAi } from "../traces/attributes.js";
import { writeOpenTraces } from "./open-traces.js";
import type { OpenTraceRecord } from "./open-traces.js";
import { nullableNumber, nullableString } from "./row-values.js";
import type { SqlClient, SqlStatement, SqlValue } from "./sql-client.js";
import type { SpanRecord, TraceDetail, TraceFilter, TracePage, TraceStats, TraceStatsQuery, TraceSummary } from "./trace-records.js";

const PREVIEW_LENGTH = 200;

/** Reads and writes spans and trace summaries. */
export interface TraceStore {
  /** Writes finished spans in one transaction and folds them into their traces' summaries. */
  writeSpans(spans: SpanRecord[]): Promise<void>;
  /** Lists traces newest first, filtered and paginated. */
  listTraces(filter?: TraceFilter): Promise<TracePage>;
  /** One trace by id, or by a unique id prefix of at least 6 characters. */
  getTrace(traceIdOrPrefix: string): Promise<TraceDetail | undefined>;
  /**
   * Records traces whose root span has started, with the process that runs them: when the store
   * is next opened, a trace still running whose process has ended is marked `interrupted`.
   */
  writeOpenTraces(records: OpenTraceRecord[]): Promise<void>;
  /**
   * Deletes finished traces that started before `before` (epoch ms), with their spans, online
   * check results and search rows; with `dryRun`, only counts them. Running traces are kept whatever their age.
   */
  pruneTraces(options: PruneTracesOptions): Promise<PrunedTraces>;
  /** Trace count, cost, mean latency and errors per time bucket (the workbench charts). */
  stats(query: TraceStatsQuery): Promise<TraceStats>;
  /** Model calls (spans of kind `model`) per model id that started at or after `since` (epoch ms), most called first. */
  modelCallCounts(since: number): Promise<{ model: string; calls: number }[]>;
}

/** Options of `TraceStore.pruneTraces`. */
export interface PruneTracesOptions {
  /** Traces that started before this time (epoch ms) go. */
  before: number;
  /** Count what would go, delete nothing. */
  dryRun?: boolean;
}

/** What `pruneTraces` deleted (or, for a dry run, would delete). */
export interface PrunedTraces {
  /** Traces. */
  traces: number;
  /** Their spans. */
  spans: number;
}

/** A TraceStore over any SqlClient. */
export function createTraceStore(client: SqlClient): TraceStore {
  return {
    writeSpans: (spans) => client.batch(spanStatements(spans)),
    listTraces: (filter) => listTraces(client, filter ?? {}),
    getTrace: (id) => getTrace(client, id),
    writeOpenTraces: (records) => writeOpenTraces(client, records),
    pruneTraces: (options) => pruneTraces(client, options),
    stats: (query) => traceStats(client, query),
    modelCallCounts: async (since) => {
      const rows = await client.query(
        "SELECT model, COUNT(*) AS calls FROM spans WHERE kind = 'model' AND model IS NOT NULL AND start_time >= ? GROUP BY model ORDER BY calls DESC, model",
        [since],
      );
      return rows.map((row) => ({ model: String(row.model), calls: Number(row.calls) }));
    },
  };
}

/** Traces old enough to prune; SQLite's trace search rows follow the deleted traces by trigger, PostgreSQL's is an index. */
const PRUNABLE = "FROM traces WHERE start_time < ? AND status <> 'running'";

async function pruneTraces(client: SqlClient, options: PruneTracesOptions): Promise<PrunedTraces> {
  return client.transaction(async (tx) => {
    const [traces] = await tx.query<{ n: number }>(`SELECT COUNT(*) AS n ${PRUNABLE}`, [options.before]);
    const [spans] = await tx.query<{ n: number }>(`SELECT COUNT(*) AS n FROM spans WHERE trace_id IN (SELECT trace_id ${PRUNABLE})`, [options.before]);
    if (options.dryRun !== true) {
      await tx.execute(`DELETE FROM spans WHERE trace_id IN (SELECT trace_id ${PRUNABLE})`, [options.before]);
      await tx.execute(`DELETE FROM span_checks WHERE trace_id IN (SELECT trace_id ${PRUNABLE})`, [options.before]);
      await tx.execute(`DELETE ${PRUNABLE}`, [options.before]);
    }
    return { traces: Number(traces?.n ?? 0), spans: Number(spans?.n ?? 0) };
  });
}

const SPAN_COLUMNS = 17;
const TRACE_COLUMNS = 20;
/** Rows per multi-row INSERT: far below both engines' parameter limits. */
const ROWS_PER_STATEMENT = 400;

/**
 * Two multi-row statements per batch instead of two per span: spans are inserted as they
 * are, and folded per trace in memory first so each trace gets one upsert.
 */
function spanStatements(spans: SpanRecord[]): SqlStatement[] {
  const statements: SqlStatement[] = [];
  for (const chunk of chunks(spans, ROWS_PER_STATEMENT)) {
    statements.push({
      sql: `INSERT INTO spans (span_id, trace_id, parent_span_id, name, kind, start_time, end_time, duration_ms, status,
              status_message, provider, model, input_tokens, output_tokens, cost_usd, attributes, events)
            VALUES ${placeholders(chunk.length, SPAN_COLUMNS)} ON CONFLICT (span_id) DO NOTHING`,
      params: chunk.flatMap((span) => [
        span.spanId,
        span.traceId,
        span.parentSpanId,
        span.name,
        span.kind,
        span.startTime,
        span.endTime,
        span.endTime - span.startTime,
        span.status,
        span.statusMessage,
        span.provider,
        span.model,
        span.inputTokens,
        span.outputTokens,
        span.costUsd,
        JSON.stringify(span.attributes),
        JSON.stringify(span.events),
      ]),
    });
  }
  for (const chunk of chunks(foldByTrace(spans), ROWS_PER_STATEMENT)) {
    statements.push({
      // Only a root span sets name, status and duration (a non-root fold has name NULL);
      // every fold adds its usage and span count.
      sql: `INSERT INTO traces (trace_id, name, kind, start_time, end_time, duration_ms, status, status_message, model,
              input_tokens, output_tokens, cost_usd, span_count, input_preview, output_preview,
              prompt_name, prompt_hash, experiment, variant, unit)
            VALUES ${placeholders(chunk.length, TRACE_COLUMNS)}
            ON CONFLICT (trace_id) DO UPDATE SET
              name = COALESCE(excluded.name, traces.name),
              kind = COALESCE(excluded.kind, traces.kind),
              start_time = CASE WHEN excluded.start_time < traces.start_time THEN excluded.start_time ELSE traces.start_time END,
              end_time = CASE WHEN excluded.end_time > traces.end_time THEN excluded.end_time ELSE traces.end_time END,
              duration_ms = COALESCE(excluded.duration_ms, traces.duration_ms),
              status = CASE WHEN excluded.name IS NOT NULL THEN excluded.status ELSE traces.status END,
              status_message = CASE WHEN excluded.name IS NOT NULL THEN excluded.status_message ELSE traces.status_message END,
              model = COALESCE(traces.model, excluded.model),
              input_tokens = traces.input_tokens + excluded.input_tokens,
              output_tokens = traces.output_tokens + excluded.output_tokens,
              cost_usd = traces.cost_usd + excluded.cost_usd,
              span_count = traces.span_count + excluded.span_count,
              input_preview = CASE WHEN excluded.name IS NOT NULL AND excluded.input_preview IS NOT NULL
                THEN excluded.input_preview ELSE COALESCE(traces.input_preview, excluded.input_preview) END,
              output_preview = CASE WHEN excluded.name IS NOT NULL AND excluded.output_preview IS NOT NULL
                THEN excluded.output_preview ELSE COALESCE(traces.output_preview, excluded.output_preview) END,
              prompt_name = COALESCE(excluded.prompt_name, traces.prompt_name),
              prompt_hash = COALESCE(excluded.prompt_hash, traces.prompt_hash),
              experiment = COALESCE(excluded.experiment, traces.experiment),
              variant = COALESCE(excluded.variant, traces.variant),
              unit = COALESCE(excluded.unit, traces.unit)`,
      params: chunk.flatMap((fold) => [
        fold.traceId,
        fold.root?.name ?? null,
        fold.root?.kind ?? null,
        fold.startTime,
        fold.endTime,
        fold.root === undefined ? null : fold.root.endTime - fold.root.startTime,
        fold.root?.status ?? "running",
        fold.root?.statusMessage ?? null,
        fold.model,
        fold.inputTokens,
        fold.outputTokens,
        fold.costUsd,
        fold.spanCount,
        fold.inputPreview,
        fold.outputPreview,
        ...rootLabels(fold.root),
      ]),
    });
  }
  return statements;
}

/** The root span's prompt and experiment labels, as the traces row keeps them. */
function rootLabels(root: SpanRecord | undefined): (string | null)[] {
  const label = (name: string) => {
    const value = root?.attributes[name];
    return typeof value === "string" ? value : null;
  };
  return [FlywheelAttributes.promptName, FlywheelAttributes.promptHash, FlywheelAttributes.experiment, FlywheelAttributes.experimentVariant, FlywheelAttributes.experimentUnit].map(label);
}

interface TraceFold {
  traceId: string;
  root: SpanRecord | undefined;
  startTime: number;
  endTime: number;
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  spanCount: number;
  inputPreview: string | null;
  outputPreview: string | null;
}

/** Sums a batch's spans per trace; the root's previews win, else the earliest span's. */
function foldByTrace(spans: SpanRecord[]): TraceFold[] {
  const folds = new Map<string, TraceFold>();
  for (const span of [...spans].sort((a, b) => a.startTime - b.startTime)) {
    const isRoot = span.parentSpanId === null;
    const inputPreview = preview(span.attributes[FlywheelAttributes.input] ?? span.attributes[GenAi.inputMessages]);
    const outputPreview = preview(span.attributes[FlywheelAttributes.output] ?? span.attributes[GenAi.outputMessages]);
    const fold = folds.get(span.traceId);
    if (fold === undefined) {
      folds.set(span.traceId, {
        traceId: span.traceId,
        root: isRoot ? span : undefined,
        startTime: span.startTime,
        endTime: span.endTime,
        model: span.model,
        inputTokens: span.inputTokens ?? 0,
        outputTokens: span.outputTokens ?? 0,
        costUsd: span.costUsd ?? 0,
        spanCount: 1,
        inputPreview,
        outputPreview,
      });
      continue;
    }
    if (isRoot) fold.root = span;
    fold.startTime = Math.min(fold.startTime, span.startTime);
    fold.endTime = Math.max(fold.endTime, span.endTime);
    fold.model ??= span.model;
    fold.inputTokens += span.inputTokens ?? 0;
    fold.outputTokens += span.outputTokens ?? 0;
    fold.costUsd += span.costUsd ?? 0;
    fold.spanCount += 1;
    fold.inputPreview = isRoot && inputPreview !== null ? inputPreview : (fold.inputPreview ?? inputPreview);
    fold.outputPreview = isRoot && outputPreview !== null ? outputPreview : (fold.outputPreview ?? outputPreview);
  }
  return [...folds.values()];
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

function placeholders(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => "?").join(", ")})`;
  return Array.from({ length: rows }, () => row).join(", ");
}

function preview(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = (typeof value === "string" ? value : JSON.stringify(value)).replace(/\s+/g, " ").trim();
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

async function listTraces(client: SqlClient, filter: TraceFilter): Promise<TracePage> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const add = (clause: string, ...values: SqlValue[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.model !== undefined) add("model = ?", filter.model);
  if (filter.status !== undefined) add("status = ?", filter.status);
  if (filter.since !== undefined) add("start_time >= ?", filter.since);
  if (filter.until !== undefined) add("start_time < ?", filter.until);
  if (filter.minCostUsd !== undefined) add("cost_usd >= ?", filter.minCostUsd);
  if (filter.maxCostUsd !== undefined) add("cost_usd <= ?", filter.maxCostUsd);
  if (filter.cursor !== undefined) {
    const [time, id] = decodeCursor(filter.cursor);
    add("(start_time < ? OR (start_time = ? AND trace_id < ?))", time, time, id);
  }
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 1000);
  const order = "ORDER BY start_time DESC, trace_id DESC";
  const whereSql = (clauses: string[]) => (clauses.length > 0 ? `WHERE ${clauses.join(" AND ")}` : "");
  let rows: Record<string, unknown>[] | undefined;
  const search = filter.search ?? "";
  if (search !== "") {
    const [clause, ...values] = searchClause(client.dialect, search);
    if (client.dialect === "sqlite" && [...search].length >= 3) {
      // A common term is found among the newest traces: scan those first, newest first, and
      // use the index only when they hold less than a page (it costs by matches, not by page).
      const [scan, ...scanValues] = scanClause(search);
      const recent = await client.query(`SELECT * FROM (SELECT * FROM traces ${whereSql(where)} ${order} LIMIT ?) WHERE ${scan} ${order} LIMIT ?`, [
        ...params,
        RECENT_SCAN,
        ...scanValues,
        limit + 1,
      ]);
      if (recent.length > limit) rows = recent;
    }
    add(clause, ...values);
  }
  rows ??= await client.query(`SELECT * FROM traces ${whereSql(where)} ${order} LIMIT ?`, [...params, limit + 1]);
  const traces = rows.slice(0, limit).map(toSummary);
  const last = traces.at(-1);
  return rows.length > limit && last !== undefined ? { traces, nextCursor: encodeCursor(last) } : { traces };
}

/** Newest traces a search scans before it turns to the trigram index. */
const RECENT_SCAN = 2000;

/**
 * Case-insensitive substring search over the id, name and previews. SQLite: the trigram
 * index (migration 9), with the text as one quoted phrase so nothing in it acts as an
 * operator; shorter than three characters a trigram cannot match, so those scan (they
 * match often, so the newest-first walk stops early). PostgreSQL: LIKE on the expression
 * its pg_trgm index covers.
 */
function searchClause(dialect: SqlClient["dialect"], search: string): [string, ...SqlValue[]] {
  if (dialect === "postgres") {
    return ["LOWER(trace_id || ' ' || COALESCE(name, '') || ' ' || COALESCE(input_preview, '') || ' ' || COALESCE(output_preview, '')) LIKE ? ESCAPE '\\'", likePattern(search)];
  }
  if ([...search].length >= 3) return ["rowid IN (SELECT rowid FROM traces_search WHERE traces_search MATCH ?)", `"${search.replace(/"/g, '""')}"`];
  return scanClause(search);
}

/** The same search as a LIKE on each column, for scanning rows already at hand. */
function scanClause(search: string): [string, ...SqlValue[]] {
  const pattern = likePattern(search);
  return [
    "(LOWER(COALESCE(name, '')) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(input_preview, '')) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(output_preview, '')) LIKE ? ESCAPE '\\' OR trace_id LIKE ? ESCAPE '\\')",
    pattern,
    pattern,
    pattern,
    pattern,
  ];
}

function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function encodeCursor(summary: TraceSummary): string {
  return Buffer.from(JSON.stringify([summary.startTime, summary.traceId])).toString("base64url");
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "string") return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw new UsageError(`invalid page cursor "${cursor}"`, "pass the nextCursor value from the previous page unchanged");
}

async function getTrace(client: SqlClient, idOrPrefix: string): Promise<TraceDetail | undefined> {
  let rows = await client.query("SELECT * FROM traces WHERE trace_id = ?", [idOrPrefix]);
  if (rows.length === 0 && idOrPrefix.length >= 6 && /^[0-9a-f]+$/i.test(idOrPrefix)) {
    rows = await client.query("SELECT * FROM traces WHERE trace_id LIKE ? LIMIT 2", [`${idOrPrefix.toLowerCase()}%`]);
    if (rows.length > 1) {
      throw new UsageError(`trace id prefix "${idOrPrefix}" matches more than one trace`, "give more characters of the id");
    }
  }
  const [row] = rows;
  if (row === undefined) return undefined;
  const summary = toSummary(row);
  const spanRows = await client.query("SELECT * FROM spans WHERE trace_id = ? ORDER BY start_time, span_id", [summary.traceId]);
  return { summary, spans: spanRows.map(toSpanRecord) };
}

function toSummary(row: Record<string, unknown>): TraceSummary {
  return {
    traceId: String(row.trace_id),
    name: nullableString(row.name),
    kind: nullableString(row.kind),
    startTime: Number(row.start_time),
    endTime: Number(row.end_time),
    durationMs: nullableNumber(row.duration_ms),
    status: String(row.status) as TraceSummary["status"],
    statusMessage: nullableString(row.status_message),
    model: nullableString(row.model),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costUsd: Number(row.cost_usd),
    spanCount: Number(row.span_count),
    inputPreview: nullableString(row.input_preview),
    outputPreview: nullableString(row.output_preview),
    promptName: nullableString(row.prompt_name),
    promptHash: nullableString(row.prompt_hash),
    experiment: nullableString(row.experiment),
    variant: nullableString(row.variant),
  };
}

function toSpanRecord(row: Record<string, unknown>): SpanRecord {
  return {
    traceId: String(row.trace_id),
    spanId: String(row.span_id),
    parentSpanId: nullableString(row.parent_span_id),
    name: String(row.name),
    kind: String(row.kind),
    startTime: Number(row.start_time),
    endTime: Number(row.end_time),
    status: String(row.status) as SpanRecord["status"],
    statusMessage: nullableString(row.status_message),
    provider: nullableString(row.provider),
    model: nullableString(row.model),
    inputTokens: nullableNumber(row.input_tokens),
    outputTokens: nullableNumber(row.output_tokens),
    costUsd: nullableNumber(row.cost_usd),
    attributes: JSON.parse(String(row.attributes)) as Record<string, unknown>,
    events: JSON.parse(String(row.events)) as SpanRecord["events"],
  };
}

/**
 * The bucket is the floor of (start - since) / width, spelled so both engines agree: a CAST to
 * an integer truncates on SQLite but rounds on PostgreSQL, so one rounded up is stepped back.
 */
async function traceStats(client: SqlClient, query: TraceStatsQuery): Promise<TraceStats> {
  const width = Math.max(1, Math.ceil((query.until - query.since) / query.buckets));
  const since = query.since;
  const rows = await client.query<{ bucket: number; traces: number; cost: number | null; latency: number | null; errors: number }>(
    `SELECT bucket, COUNT(*) AS traces, SUM(cost_usd) AS cost, AVG(duration_ms) AS latency,
            SUM(CASE WHEN status = 'error' THEN 1 ELSE 0 END) AS errors
     FROM (SELECT CAST(offset_buckets AS BIGINT) - CASE WHEN CAST(offset_buckets AS BIGINT) > offset_buckets THEN 1 ELSE 0 END AS bucket,
                  cost_usd, duration_ms, status
           FROM (SELECT (start_time - ?) / ? AS offset_buckets, cost_usd, duration_ms, status FROM traces WHERE start_time >= ?) AS offsets) AS bucketed
     GROUP BY bucket ORDER BY bucket`,
    [since, width, since],
  );
  return {
    since,
    bucketMs: width,
    points: rows.map((row) => ({
      time: since + Number(row.bucket) * width,
      traces: Number(row.traces),
      costUsd: Number(row.cost ?? 0),
      avgLatencyMs: row.latency === null ? null : Number(row.latency),
      errors: Number(row.errors),
    })),
  };
}
