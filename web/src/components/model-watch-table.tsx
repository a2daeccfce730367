import type { ModelWatchResult, WatchModelSide } from "../api/types.js";
import { formatCost, formatDuration, formatPercent } from "../format.js";

/**
 * The model-watch comparisons of a digest: for each changed model and suite, the model in use
 * (baseline) against the changed one (candidate): pass rates with their intervals, the paired
 * difference with its p-value, cost per request, latency, and the recommendation. Each pair
 * reads baseline → candidate.
 */
export function ModelWatchTable(props: { results: ModelWatchResult[] }) {
  return (
    <table className="model-watch">
      <thead>
        <tr>
          <th>Candidate</th>
          <th>Baseline</th>
          <th>Suite</th>
          <th className="number">Cases</th>
          <th className="number">Pass rate</th>
          <th className="number">Difference</th>
          <th className="number">Cost / request</th>
          <th className="number">Latency</th>
          <th>Recommendation</th>
        </tr>
      </thead>
      <tbody>
        {props.results.flatMap((result) => {
          const candidate = (
            <td className="mono">
              {result.change.model.modelId} <span className="badge">{result.change.kind}</span>
            </td>
          );
          const recommendation = (
            <td className="nowrap">
              <span className={result.recommendation === "switch" ? "badge good" : "badge"}>{result.recommendation}</span>
              <div className="muted">spent {formatCost(result.costUsd)}</div>
            </td>
          );
          if (result.suites.length === 0) {
            return [
              <tr key={result.change.model.modelId}>
                {candidate}
                <td className="mono">{result.baselineModel}</td>
                <td colSpan={6} className="muted">
                  {result.skipped ?? "no suite ran"}
                </td>
                {recommendation}
              </tr>,
            ];
          }
          return result.suites.map((suite) => (
            <tr key={`${result.change.model.modelId} ${suite.suite}`}>
              {candidate}
              <td className="mono">{result.baselineModel}</td>
              <td className="mono">{suite.suite}</td>
              <td className="number">{suite.cases}</td>
              <td className="number">
                {formatPercent(suite.baseline.passRate.estimate)} → {formatPercent(suite.candidate.passRate.estimate)}
                <div className="muted">
                  {interval(suite.baseline)} → {interval(suite.candidate)}
                </div>
              </td>
              <td className="number">
                {points(suite.difference.estimate)} pts ({points(suite.difference.low)} to {points(suite.difference.high)})
                <div className="muted">
                  p = {suite.difference.pValue.toPrecision(2)}, {Math.round(suite.difference.confidence * 100)}% interval
                </div>
              </td>
              <td className="number">
                {formatCost(suite.baseline.costPerRequestUsd)} → {formatCost(suite.candidate.costPerRequestUsd)}
              </td>
              <td className="number">
                {formatDuration(suite.baseline.latencyMs)} → {formatDuration(suite.candidate.latencyMs)}
              </td>
              {recommendation}
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}

function interval(side: WatchModelSide): string {
  return `${formatPercent(side.passRate.low)}–${formatPercent(side.passRate.high)}`;
}

/** A difference of two shares in percentage points, with its sign. */
function points(value: number): string {
  return `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value * 100).toFixed(1)}`;
}
