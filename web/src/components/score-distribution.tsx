import { useMemo } from "react";
import { Chart } from "./chart.js";

const palette = ["#3b6fd8", "#e08a1e", "#1f9d6b", "#9b59b6", "#d0483c", "#4aa3b5"];
const BUCKETS = 10;
const labels = Array.from({ length: BUCKETS }, (_value, index) => `${(index / BUCKETS).toFixed(1)}–${((index + 1) / BUCKETS).toFixed(1)}`);
const positions = labels.map((_label, index) => index);

/** A histogram of cell scores (0..1, ten buckets) with one bar colour per variant. */
export function ScoreDistribution(props: { title: string; variants: { label: string; scores: number[] }[] }) {
  const series = useMemo(
    () =>
      props.variants.map((variant, index) => {
        const counts = new Array<number>(BUCKETS).fill(0);
        for (const score of variant.scores) counts[Math.min(BUCKETS - 1, Math.max(0, Math.floor(score * BUCKETS)))]! += 1;
        return { label: variant.label, values: counts, color: palette[index % palette.length]!, format: (value: number) => String(Math.round(value)) };
      }),
    [props.variants],
  );
  if (series.length === 0) return null;
  return <Chart title={props.title} kind="bars" x={positions} xLabels={labels} series={series} />;
}
