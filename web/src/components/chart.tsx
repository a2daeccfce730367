import { useEffect, useRef } from "react";
// Before uPlot: it reads navigator.language as it loads, and locale.ts makes that a valid tag.
import "../locale.js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** One line or bar series of a chart. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Formats a value for the legend and the y axis. */
  format?: (value: number) => string;
  /** Shade the area under a line (default true). */
  fill?: boolean;
}

/** Options for `Chart`. */
export interface ChartProps {
  title: string;
  /** X values: epoch milliseconds for time charts, or bucket positions for bars. */
  x: number[];
  series: ChartSeries[];
  /** `time` draws lines over a time axis; `bars` draws grouped bars over labelled buckets. */
  kind: "time" | "bars";
  /** Labels of the x buckets (bars). */
  xLabels?: string[];
  height?: number;
}

/**
 * A uPlot chart (canvas, ~50 kB) sized to its container. Rebuilt when the data change;
 * small data sets make that cheaper than patching.
 */
export function Chart(props: ChartProps) {
  const { title, kind, x, series, xLabels, height: wanted } = props;
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const bars = kind === "bars";
    const height = wanted ?? 180;
    const data = bars ? interleave({ x, series, xLabels }) : { x, columns: series.map((item) => item.values), splits: x };
    const format = series[0]?.format ?? String;
    const options: uPlot.Options = {
      title,
      width: Math.max(200, element.clientWidth),
      height,
      ms: 1,
      cursor: { drag: { x: false, y: false } },
      scales: { x: bars ? { time: false, range: (_self, min, max) => [min - 0.6, max + 0.6] } : { time: true } },
      axes: [
        bars ? { splits: () => data.splits, values: (_self, ticks) => ticks.map((tick) => xLabels?.[data.splits.indexOf(tick)] ?? "") } : {},
        { values: (_self, ticks) => ticks.map((tick) => format(tick)), size: 64, ...(bars ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] } : {}) },
      ],
      series: [
        bars ? { label: "bucket", value: (_self, value) => (value === null ? "–" : (xLabels?.[Math.floor(value / (series.length + 1))] ?? "")) } : {},
        ...series.map((item) => ({
          label: item.label,
          stroke: item.color,
          fill: bars ? item.color : item.fill === false ? undefined : `${item.color}22`,
          width: bars ? 0 : 2,
          spanGaps: !bars,
          value: (_self: uPlot, value: number | null) => (value === null ? "–" : (item.format ?? String)(value)),
          ...(bars ? { paths: uPlot.paths.bars!({ size: [0.9, 48] }) } : {}),
          points: { show: !bars && x.length < 60 },
        })),
      ],
    };
    const plot = new uPlot(options, [data.x, ...data.columns], element);
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [title, kind, x, series, xLabels, wanted]);
  return <div className="chart" ref={container} />;
}

/**
 * Grouped bars on one shared x axis: bucket b of series i sits at b*(n+1)+i, every other
 * series is null there, and the axis labels the middle of each group.
 */
function interleave(props: Pick<ChartProps, "x" | "series" | "xLabels">): { x: number[]; columns: (number | null)[][]; splits: number[] } {
  const groups = props.series.length;
  const x: number[] = [];
  const columns: (number | null)[][] = props.series.map(() => []);
  props.x.forEach((_bucket, bucket) => {
    for (let index = 0; index < groups; index += 1) {
      x.push(bucket * (groups + 1) + index);
      columns.forEach((column, seriesIndex) => column.push(seriesIndex === index ? (props.series[seriesIndex]!.values[bucket] ?? null) : null));
    }
  });
  return { x, columns, splits: props.x.map((_bucket, bucket) => bucket * (groups + 1) + (groups - 1) / 2) };
}
