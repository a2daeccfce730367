import { useEffect, useState } from "react";
import { getJson } from "../api/request.js";
import type { ModelsView, TracePage, TraceStatsView, TraceSummary } from "../api/types.js";
import { ErrorNote } from "../components/error-note.js";
import { StatusBadge } from "../components/status-badge.js";
import { TraceCharts } from "../components/trace-charts.js";
import { formatCost, formatCount, formatDuration, formatTime } from "../format.js";
import { Link, navigate, useLocation } from "../router.js";
import { useResource } from "../use-resource.js";
import { useStoreChanges } from "../use-store-changes.js";

const ranges: Record<string, number | undefined> = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, all: undefined };
const filterKeys = ["model", "status", "range", "minCost", "maxCost", "search"] as const;
type Filters = Record<(typeof filterKeys)[number], string>;

/** The trace list: filters and search kept in the address, charts of the period, and pages of traces. */
export function TracesPage() {
  const { query } = useLocation();
  const filters = Object.fromEntries(filterKeys.map((key) => [key, query.get(key) ?? (key === "range" ? "24h" : "")])) as Filters;
  const [draft, setDraft] = useState(filters);
  const key = JSON.stringify(filters);
  useEffect(() => setDraft(JSON.parse(key) as Filters), [key]);
  const since = ranges[filters.range] === undefined ? undefined : Date.now() - ranges[filters.range]!;
  const models = useResource((signal) => getJson<ModelsView>("/api/models", {}, signal), "models");
  // Traces written by any process (a run, another workbench) reload the charts and, unless more pages are open, the list.
  const changes = useStoreChanges("traces");
  const stats = useResource((signal) => getJson<TraceStatsView>("/api/traces/stats", { since: since ?? Date.now() - 30 * 86_400_000, buckets: 48 }, signal), `${key}#${changes}`);
  const list = useTraceList(filters, since, key, changes);

  const apply = (next: Filters) => {
    const search = new URLSearchParams();
    for (const name of filterKeys) if (next[name] !== "" && !(name === "range" && next[name] === "24h")) search.set(name, next[name]);
    navigate(`/traces${search.size > 0 ? `?${search.toString()}` : ""}`, { replace: true });
  };
  const set = (name: keyof Filters) => (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value });

  return (
    <section>
      <h1>Traces</h1>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          apply(draft);
        }}
      >
        <label>
          Search
          <input type="search" name="search" placeholder="name, input or output" value={draft.search} onChange={set("search")} />
        </label>
        <label>
          Model
          <input name="model" list="model-ids" placeholder="any" value={draft.model} onChange={set("model")} />
          <datalist id="model-ids">
            {models.data?.models.filter((model) => model.type === "chat").map((model) => <option key={model.id} value={model.id} />)}
          </datalist>
        </label>
        <label>
          Status
          <select name="status" value={draft.status} onChange={(event) => apply({ ...draft, status: event.target.value })}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
            <option value="cancelled">cancelled</option>
            <option value="running">running</option>
            <option value="interrupted">interrupted</option>
          </select>
        </label>
        <label>
          Time
          <select name="range" value={draft.range} onChange={(event) => apply({ ...draft, range: event.target.value })}>
            <option value="1h">last hour</option>
            <option value="24h">last 24 hours</option>
            <option value="7d">last 7 days</option>
            <option value="30d">last 30 days</option>
            <option value="all">all time</option>
          </select>
        </label>
        <label>
          Cost from ($)
          <input name="minCost" type="number" min="0" step="any" className="narrow" value={draft.minCost} onChange={set("minCost")} />
        </label>
        <label>
          to ($)
          <input name="maxCost" type="number" min="0" step="any" className="narrow" value={draft.maxCost} onChange={set("maxCost")} />
        </label>
        <button type="submit">Apply</button>
      </form>
      {stats.data !== undefined && <TraceCharts stats={stats.data} />}
      {list.error !== undefined && <ErrorNote error={list.error} />}
      <TraceTable traces={list.traces} />
      {list.traces.length === 0 && !list.loading && list.error === undefined && <p className="empty">No traces match. Run a prompt in the Playground, or call a model from code or the CLI.</p>}
      <div className="pager">
        <span className="muted">{formatCount(list.traces.length)} shown</span>
        {list.nextCursor !== undefined && (
          <button type="button" onClick={list.more} disabled={list.loading}>
            Load more
          </button>
        )}
      </div>
    </section>
  );
}

function TraceTable(props: { traces: TraceSummary[] }) {
  if (props.traces.length === 0) return null;
  return (
    <table className="traces">
      <thead>
        <tr>
          <th>Started</th>
          <th>Name</th>
          <th>Model</th>
          <th>Status</th>
          <th className="number">Latency</th>
          <th className="number">Tokens</th>
          <th className="number">Cost</th>
          <th>Output</th>
        </tr>
      </thead>
      <tbody>
        {props.traces.map((trace) => (
          <tr key={trace.traceId}>
            <td className="nowrap">
              <Link to={`/traces/${trace.traceId}`}>{formatTime(trace.startTime)}</Link>
            </td>
            <td>{trace.name ?? "–"}</td>
            <td className="mono">{trace.model ?? "–"}</td>
            <td>
              <StatusBadge status={trace.status} />
            </td>
            <td className="number">{formatDuration(trace.durationMs)}</td>
            <td className="number">{formatCount(trace.inputTokens + trace.outputTokens)}</td>
            <td className="number">{formatCost(trace.costUsd)}</td>
            <td className="preview">{trace.outputPreview ?? trace.statusMessage ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Pages of traces for the filters; `more` appends the next page. */
const PAGE_SIZE = 50;

function useTraceList(filters: Filters, since: number | undefined, key: string, changes: number) {
  const [state, setState] = useState<{ traces: TraceSummary[]; nextCursor?: string; loading: boolean; error?: unknown }>({ traces: [], loading: true });
  const load = async (cursor: string | undefined, signal?: AbortSignal) => {
    setState((previous) => ({ ...previous, loading: true }));
    try {
      const page = await getJson<TracePage>(
        "/api/traces",
        { model: filters.model, status: filters.status, since, minCost: filters.minCost, maxCost: filters.maxCost, search: filters.search, limit: PAGE_SIZE, cursor },
        signal,
      );
      if (signal?.aborted === true) return;
      setState((previous) => ({ traces: cursor === undefined ? page.traces : [...previous.traces, ...page.traces], nextCursor: page.nextCursor, loading: false }));
    } catch (error) {
      if (signal?.aborted !== true) setState({ traces: [], loading: false, error });
    }
  };
  useEffect(() => {
    const controller = new AbortController();
    void load(undefined, controller.signal);
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  useEffect(() => {
    // Reloading would close the pages the user opened with "Load more".
    if (changes === 0 || state.traces.length > PAGE_SIZE) return;
    const controller = new AbortController();
    void load(undefined, controller.signal);
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [changes]);
  return { ...state, more: () => void load(state.nextCursor) };
}
