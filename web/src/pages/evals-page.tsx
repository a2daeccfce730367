import { useState } from "react";
import { getJson } from "../api/request.js";
import type { EvalRunSummaryView } from "../api/types.js";
import { ErrorNote } from "../components/error-note.js";
import { StatusBadge } from "../components/status-badge.js";
import { formatCost, formatDuration, formatPercent, formatTime } from "../format.js";
import { Link, navigate } from "../router.js";
import { useResource } from "../use-resource.js";

/** The eval runs, newest first; pick two to compare. */
export function EvalsPage() {
  const runs = useResource((signal) => getJson<{ runs: EvalRunSummaryView[] }>("/api/evals/runs", { limit: 100 }, signal), "runs");
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked(picked.includes(id) ? picked.filter((item) => item !== id) : [...picked.slice(-1), id]);
  return (
    <section>
      <h1>Evals</h1>
      {runs.error !== undefined && <ErrorNote error={runs.error} />}
      {runs.data !== undefined && runs.data.runs.length === 0 && (
        <p className="empty">
          No eval runs yet. Run a suite with <code>flywheel eval -c &lt;suite.yaml&gt;</code>; the Playground can write one for you (Send to eval suite).
        </p>
      )}
      {runs.data !== undefined && runs.data.runs.length > 0 && (
        <>
          <div className="actions">
            <button type="button" className="primary" disabled={picked.length !== 2} onClick={() => navigate(`/evals/compare?a=${encodeURIComponent(picked[0]!)}&b=${encodeURIComponent(picked[1]!)}`)}>
              Compare selected ({picked.length}/2)
            </button>
            <span className="muted">The first one picked is the baseline.</span>
          </div>
          <table>
            <thead>
              <tr>
                <th />
                <th>Started</th>
                <th>Suite</th>
                <th>Status</th>
                <th>Variants</th>
                <th className="number">Tests</th>
                <th className="number">Pass rate</th>
                <th className="number">Cost</th>
                <th className="number">Duration</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    <input type="checkbox" aria-label={`Pick run ${run.id}`} checked={picked.includes(run.id)} onChange={() => toggle(run.id)} />
                  </td>
                  <td className="nowrap">
                    <Link to={`/evals/${encodeURIComponent(run.id)}`}>{formatTime(run.startedAt)}</Link>
                  </td>
                  <td>
                    {run.suite}
                    {run.description !== null && <div className="muted">{run.description}</div>}
                  </td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td>{run.variants.join(", ")}</td>
                  <td className="number">{run.testCount}</td>
                  <td className="number">{formatPercent(run.passRate)}</td>
                  <td className="number">{formatCost(run.costUsd)}</td>
                  <td className="number">{formatDuration(run.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
