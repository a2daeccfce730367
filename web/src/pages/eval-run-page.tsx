import { useMemo, useState } from "react";
import { getJson } from "../api/request.js";
import type { EvalCellView, EvalRunView } from "../api/types.js";
import { ErrorNote } from "../components/error-note.js";
import { ScoreDistribution } from "../components/score-distribution.js";
import { StatusBadge } from "../components/status-badge.js";
import { formatCost, formatDuration, formatPercent, formatTime, formatValue } from "../format.js";
import { Link } from "../router.js";
import { useResource } from "../use-resource.js";

/** One eval run: totals per variant, the score distribution, and the matrix of tests by variants. */
export function EvalRunPage(props: { id: string }) {
  const run = useResource((signal) => getJson<EvalRunView>(`/api/evals/runs/${encodeURIComponent(props.id)}`, {}, signal), props.id);
  const [open, setOpen] = useState<EvalCellView>();
  const distribution = useMemo(
    () => run.data?.variants.map((variant, index) => ({ label: variant.label, scores: run.data!.cells.filter((cell) => cell.variantIndex === index).map((cell) => cell.score) })) ?? [],
    [run.data],
  );
  if (run.error !== undefined) return <ErrorNote error={run.error} />;
  if (run.data === undefined) return <p className="muted">Loading…</p>;
  const { summary, variants, tests, cells } = run.data;
  const cellsAt = (testIndex: number, variantIndex: number) => cells.filter((cell) => cell.testIndex === testIndex && cell.variantIndex === variantIndex);
  return (
    <section>
      <p>
        <Link to="/evals">← Evals</Link>
      </p>
      <h1>
        {summary.suite} <StatusBadge status={summary.status} />
      </h1>
      <p className="muted">
        {formatTime(summary.startedAt)} · {summary.testCount} tests · {formatDuration(summary.durationMs)} · {formatCost(summary.costUsd)}
      </p>
      <div className="charts">
        <table className="variants">
          <thead>
            <tr>
              <th>Variant</th>
              <th className="number">Pass rate</th>
              <th className="number">Mean score</th>
              <th className="number">Latency</th>
              <th className="number">Cost</th>
            </tr>
          </thead>
          <tbody>
            {variants.map((variant) => (
              <tr key={variant.label}>
                <td className="mono">{variant.label}</td>
                <td className="number">{formatPercent(variant.passRate)}</td>
                <td className="number">{variant.meanScore.toFixed(3)}</td>
                <td className="number">{formatDuration(variant.meanLatencyMs)}</td>
                <td className="number">{formatCost(variant.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ScoreDistribution title="Score distribution per variant" variants={distribution} />
      </div>
      <table className="matrix">
        <thead>
          <tr>
            <th>Test</th>
            {variants.map((variant) => (
              <th key={variant.label} className="mono">
                {variant.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tests.map((test) => (
            <tr key={test.index}>
              <td>
                {test.description ?? `#${test.index + 1}`}
                <div className="muted vars">{Object.entries(test.vars).map(([key, value]) => `${key}=${formatValue(value)}`).join(" · ")}</div>
              </td>
              {variants.map((variant, variantIndex) => (
                <td key={variant.label} className="cell">
                  {cellsAt(test.index, variantIndex).map((cell) => (
                    <button type="button" key={cell.repeat} className={`cell-result ${cell.error !== null ? "error" : cell.pass ? "pass" : "fail"}`} onClick={() => setOpen(cell)}>
                      <span className="verdict">{cell.error !== null ? "ERROR" : cell.pass ? "PASS" : "FAIL"}</span> <span className="score">{cell.score.toFixed(2)}</span>
                      <span className="cell-output">{cell.error ?? cell.output}</span>
                    </button>
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {open !== undefined && <CellDetail cell={open} variant={variants[open.variantIndex]?.label ?? ""} onClose={() => setOpen(undefined)} />}
    </section>
  );
}

function CellDetail(props: { cell: EvalCellView; variant: string; onClose: () => void }) {
  const { cell } = props;
  return (
    <div className="span-detail">
      <h2>
        Test #{cell.testIndex + 1} on <span className="mono">{props.variant}</span>{" "}
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </h2>
      <pre className="text">{cell.error ?? cell.output}</pre>
      <table>
        <thead>
          <tr>
            <th>Assertion</th>
            <th>Result</th>
            <th className="number">Score</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {cell.assertions.map((assertion, index) => (
            <tr key={index}>
              <td className="mono">{assertion.type}</td>
              <td>{assertion.pass ? "pass" : "fail"}</td>
              <td className="number">{assertion.score.toFixed(2)}</td>
              <td>{assertion.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {formatDuration(cell.latencyMs)} · {formatCost(cell.costUsd)}
      </p>
    </div>
  );
}
