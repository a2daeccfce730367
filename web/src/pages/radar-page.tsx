import { useState } from "react";
import { ApiError, getJson } from "../api/request.js";
import type { DigestSummaryView, DigestView, ModelChange, SourceFailure } from "../api/types.js";
import { ErrorNote } from "../components/error-note.js";
import { ModelWatchTable } from "../components/model-watch-table.js";
import { RadarEntry } from "../components/radar-entry.js";
import { formatCount, formatDuration, formatTime } from "../format.js";
import { navigate } from "../router.js";
import { useResource } from "../use-resource.js";
import { useStoreChanges } from "../use-store-changes.js";

/**
 * The radar's digest (the latest, or `id`, with a picker for older ones): entries in rank
 * order with their reasons, cited summaries and the reader's read state and feedback, then
 * model changes, model-watch comparisons and sources that failed. Reloads when a run writes a
 * digest or another tab marks an entry.
 */
export function RadarPage(props: { id: string | undefined }) {
  const changes = useStoreChanges("radar");
  const list = useResource((signal) => getJson<{ digests: DigestSummaryView[] }>("/api/radar/digests", { limit: 50 }, signal), `digests ${changes}`);
  const digest = useResource(
    (signal) => getJson<DigestView>(props.id === undefined ? "/api/radar/digests/latest" : `/api/radar/digests/${encodeURIComponent(props.id)}`, {}, signal),
    `${props.id ?? "latest"} ${changes}`,
  );
  const [unreadOnly, setUnreadOnly] = useState(false);
  // No latest digest means no digest at all: an empty state, not an error.
  const none = props.id === undefined && digest.error instanceof ApiError && digest.error.status === 404;
  const data = digest.data;
  const entries = (data?.entries ?? []).map((entry, index) => ({ entry, rank: index + 1 })).filter(({ entry }) => !unreadOnly || entry.readAt === undefined);
  return (
    <section>
      <h1>Radar</h1>
      {list.error !== undefined && <ErrorNote error={list.error} />}
      {none ? (
        <p className="empty">
          No digest yet. Add feeds under <code>radar.sources</code> in the config and run <code>flywheel radar run</code>.
        </p>
      ) : (
        digest.error !== undefined && <ErrorNote error={digest.error} />
      )}
      {data !== undefined && (
        <>
          <div className="filters">
            <label>
              Digest
              <select aria-label="Digest" value={data.id} onChange={(event) => navigate(`/radar/${encodeURIComponent(event.target.value)}`)}>
                {(list.data?.digests ?? []).map((item) => (
                  <option key={item.id} value={item.id}>
                    {formatTime(item.createdAt)}: {item.entries} entries, {item.unread} unread
                  </option>
                ))}
              </select>
            </label>
            <label className="inline">
              <input type="checkbox" checked={unreadOnly} onChange={(event) => setUnreadOnly(event.target.checked)} /> Unread only
            </label>
            <span className="muted radar-stats">
              Since {formatTime(data.since)} · {formatCount(data.stats.sources)} sources · {formatCount(data.stats.itemsNew)} new of {formatCount(data.stats.itemsSeen)} items · {formatCount(data.stats.clusters)} stories ranked in {formatDuration(data.stats.elapsedMs)}
            </span>
          </div>
          {data.entries.length === 0 && <p className="empty">Nothing new in this digest.</p>}
          {data.entries.length > 0 && entries.length === 0 && <p className="empty">Every entry is read.</p>}
          <div className="radar-entries">
            {entries.map(({ entry, rank }) => (
              <RadarEntry key={entry.clusterId} entry={entry} rank={rank} onSaved={digest.reload} />
            ))}
          </div>
          {data.modelChanges.length > 0 && <ModelChanges changes={data.modelChanges} />}
          {data.modelWatch.length > 0 && (
            <>
              <h2>Model watch</h2>
              <p className="muted">Each changed model on your eval suites against the model you use; pairs read in use → candidate.</p>
              <ModelWatchTable results={data.modelWatch} />
            </>
          )}
          {data.failures.length > 0 && <Failures failures={data.failures} />}
        </>
      )}
    </section>
  );
}

function ModelChanges(props: { changes: ModelChange[] }) {
  return (
    <>
      <h2>Model changes</h2>
      <table className="model-changes">
        <thead>
          <tr>
            <th>Change</th>
            <th>Model</th>
            <th>Seen in</th>
            <th className="number">Context</th>
            <th className="number">Input $/MTok</th>
            <th className="number">Output $/MTok</th>
          </tr>
        </thead>
        <tbody>
          {props.changes.map((change) => (
            <tr key={`${change.kind} ${change.model.modelId}`}>
              <td>
                <span className="badge">{change.kind}</span>
              </td>
              <td className="mono">{change.model.modelId}</td>
              <td>{change.model.origin}</td>
              <td className="number">{formatCount(change.model.contextWindow)}</td>
              <td className="number">{price(change.before?.inputPerMTok, change.model.inputPerMTok, change.before !== undefined)}</td>
              <td className="number">{price(change.before?.outputPerMTok, change.model.outputPerMTok, change.before !== undefined)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function price(before: number | undefined, after: number | undefined, changed: boolean): string {
  const dollars = (value: number | undefined) => (value === undefined ? "–" : `$${value}`);
  return changed ? `${dollars(before)} → ${dollars(after)}` : dollars(after);
}

function Failures(props: { failures: SourceFailure[] }) {
  return (
    <>
      <h2>Sources that failed</h2>
      <table className="source-failures">
        <thead>
          <tr>
            <th>Source</th>
            <th>Code</th>
            <th>What happened</th>
          </tr>
        </thead>
        <tbody>
          {props.failures.map((failure) => (
            <tr key={failure.source}>
              <td className="mono">{failure.source}</td>
              <td className="mono">{failure.code}</td>
              <td>
                {failure.message}
                {failure.hint !== undefined && <div className="muted">{failure.hint}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
