import { useMemo, useState } from "react";
import { formatInterval, formatMetricValue } from "../../../src/experiments/format-metric-value.js";
import { formatP, srmLine, verdictTitle } from "../../../src/experiments/experiment-report-markdown.js";
import { getJson, postJson } from "../api/request.js";
import type { ExperimentListing, ExperimentReport } from "../api/types.js";
import { Chart } from "../components/chart.js";
import type { ChartSeries } from "../components/chart.js";
import { ErrorNote } from "../components/error-note.js";
import { formatTime } from "../format.js";
import { Link } from "../router.js";
import { useResource } from "../use-resource.js";
import { useStoreChanges } from "../use-store-changes.js";

// Per variant: the difference line, and the paler colour of its interval bounds.
const COLORS = [
  ["#3b6fd8", "#9db7ec"],
  ["#c27c0e", "#e6bf86"],
  ["#1f9d6b", "#8fd0b5"],
  ["#8b4fc9", "#c5a7e4"],
] as const;

/**
 * The experiments declared in the config, and one experiment's report (`name`, else the first):
 * per variant table, differences with their anytime-valid intervals, the interval narrowing
 * over time, SRM, guardrails, the verdict and a ship button per variant. Reloads on new
 * traces, feedback and experiment state.
 */
export function ExperimentsPage(props: { name: string | undefined }) {
  const changes = useStoreChanges("experiments", "traces", "feedback");
  const list = useResource((signal) => getJson<ExperimentListing[]>("/api/experiments", {}, signal), `experiments ${changes}`);
  const name = props.name ?? list.data?.find((listing) => listing.declared)?.name;
  const report = useResource(
    (signal) => (name === undefined ? Promise.resolve(undefined) : getJson<ExperimentReport>(`/api/experiments/${encodeURIComponent(name)}`, {}, signal)),
    `${name ?? ""} ${changes}`,
  );
  return (
    <section>
      <h1>Experiments</h1>
      {list.error !== undefined && <ErrorNote error={list.error} />}
      {list.data !== undefined && list.data.length === 0 && (
        <p className="empty">
          No experiments. Declare one under <code>experiments:</code> in flywheel.config.yaml and send calls with <code>model: &quot;experiment:&lt;name&gt;&quot;</code>.
        </p>
      )}
      {list.data !== undefined && list.data.length > 1 && (
        <div className="actions">
          {list.data
            .filter((listing) => listing.declared)
            .map((listing) => (
              <Link key={listing.name} to={`/experiments/${encodeURIComponent(listing.name)}`} className={listing.name === name ? "active" : undefined}>
                {listing.name} ({listing.status})
              </Link>
            ))}
        </div>
      )}
      {report.error !== undefined && <ErrorNote error={report.error} />}
      {report.data !== undefined && <ExperimentReportView report={report.data} onShipped={report.reload} />}
    </section>
  );
}

function ExperimentReportView(props: { report: ExperimentReport; onShipped: () => void }) {
  const { report } = props;
  const [shipError, setShipError] = useState<unknown>(undefined);
  const confidence = `${Math.round((1 - report.alpha) * 100)}%`;
  const ship = (variant: string) => {
    setShipError(undefined);
    postJson(`/api/experiments/${encodeURIComponent(report.name)}/ship`, { variant }).then(props.onShipped, setShipError);
  };
  const verdictClass = report.verdict.kind === "ship" ? "good" : report.verdict.kind === "keep-running" ? "" : "bad";
  return (
    <>
      <h2>{report.name}</h2>
      {report.description !== undefined && <p className="muted">{report.description}</p>}
      <p className="muted">
        {report.state.status}
        {report.state.winner !== null && ` (winner: ${report.state.winner})`} · unit {report.unit} · metric {report.metric} ({report.direction} is better) · {confidence} anytime-valid intervals
        {report.updatedAt !== null && ` · last call ${formatTime(report.updatedAt)}`}
      </p>
      <p className="experiment-verdict">
        <span className={`badge ${verdictClass}`}>{verdictTitle(report)}</span> {report.verdict.reason}
      </p>
      <table aria-label="Variants">
        <thead>
          <tr>
            <th>Variant</th>
            <th className="number">Calls</th>
            <th className="number">Units</th>
            <th className="number">n</th>
            <th className="number">{report.metric}</th>
            <th>Interval</th>
            <th>Difference vs control</th>
            <th className="number">p (always valid)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {report.variants.map((variant) => {
            const comparison = report.comparisons.find((item) => item.variant === variant.name);
            return (
              <tr key={variant.name}>
                <td>
                  {variant.name}
                  {variant.control && <span className="muted"> (control)</span>}
                </td>
                <td className="number">{variant.calls}</td>
                <td className="number">{variant.units}</td>
                <td className="number">{variant.metric.n}</td>
                <td className="number">{formatMetricValue(report.metric, variant.metric.mean)}</td>
                <td className="nowrap">{formatInterval(report.metric, variant.metric.low, variant.metric.high)}</td>
                <td className="nowrap">
                  {comparison === undefined ? "" : `${formatMetricValue(report.metric, comparison.difference, true)} ${formatInterval(report.metric, comparison.low, comparison.high, true)}`}
                </td>
                <td className="number">{comparison === undefined ? "" : formatP(comparison.pValue)}</td>
                <td>
                  <button type="button" disabled={report.state.status !== "running"} onClick={() => ship(variant.name)}>
                    Ship {variant.name}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shipError !== undefined && <ErrorNote error={shipError} />}
      <IntervalChart report={report} />
      <p className={report.srm.mismatch ? "experiment-srm bad" : "experiment-srm"}>Sample ratio: {srmLine(report)}</p>
      {report.guardrails.length > 0 && (
        <table aria-label="Guardrails">
          <thead>
            <tr>
              <th>Guardrail</th>
              <th>Variant</th>
              <th>Difference</th>
              <th>Limit</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {report.guardrails.map((guardrail) => (
              <tr key={`${guardrail.metric} ${guardrail.variant}`}>
                <td>{guardrail.metric}</td>
                <td>{guardrail.variant}</td>
                <td className="nowrap">
                  {formatMetricValue(guardrail.metric, guardrail.comparison.difference, true)} {formatInterval(guardrail.metric, guardrail.comparison.low, guardrail.comparison.high, true)}
                </td>
                <td>{formatMetricValue(guardrail.metric, guardrail.maxWorse)} worse</td>
                <td>
                  <span className={`badge ${guardrail.status === "harm" ? "bad" : guardrail.status === "ok" ? "good" : ""}`}>{guardrail.status}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The difference of each variant against the control over time, with its interval: wide at first, narrowing as samples come in. */
function IntervalChart(props: { report: ExperimentReport }) {
  const { report } = props;
  const { x, series } = useMemo(() => {
    const variants = report.comparisons.map((comparison) => comparison.variant);
    const times = [...new Set(report.history.map((point) => point.time))];
    const format = (value: number) => formatMetricValue(report.metric, value, true);
    const at = (variant: string, field: "difference" | "low" | "high") =>
      times.map((time) => {
        const value = report.history.find((point) => point.time === time && point.variant === variant)?.[field];
        return value === undefined || value === null || !Number.isFinite(value) ? null : value;
      });
    const lines: ChartSeries[] = variants.flatMap((variant, index) => {
      const [line, bound] = COLORS[index % COLORS.length]!;
      return [
        { label: `${variant} − control`, values: at(variant, "difference"), color: line, format, fill: false },
        { label: `${variant} low`, values: at(variant, "low"), color: bound, format, fill: false },
        { label: `${variant} high`, values: at(variant, "high"), color: bound, format, fill: false },
      ];
    });
    return { x: times, series: lines };
  }, [report]);
  if (x.length < 2) return <p className="muted">The chart of the interval over time appears once calls have come in over a while.</p>;
  return <Chart title={`Difference in ${report.metric} vs control, with its ${Math.round((1 - report.alpha) * 100)}% anytime-valid interval`} kind="time" x={x} series={series} height={220} />;
}
