import { useMemo } from "react";
import type { TraceStatsView } from "../api/types.js";
import { formatCost, formatDuration } from "../format.js";
import { Chart } from "./chart.js";

/** Latency and cost over time for the period shown, from `/api/traces/stats`. */
export function TraceCharts(props: { stats: TraceStatsView }) {
  const { points } = props.stats;
  const x = useMemo(() => points.map((point) => point.time), [points]);
  const latency = useMemo(() => [{ label: "avg latency", values: points.map((point) => point.avgLatencyMs), color: "#3b6fd8", format: formatDuration }], [points]);
  const cost = useMemo(() => [{ label: "cost", values: points.map((point) => point.costUsd), color: "#1f9d6b", format: formatCost }], [points]);
  if (points.length === 0) return null;
  return (
    <div className="charts">
      <Chart title="Latency over time" kind="time" x={x} series={latency} />
      <Chart title="Cost over time" kind="time" x={x} series={cost} />
    </div>
  );
}
