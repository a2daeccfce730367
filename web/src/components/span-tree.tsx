import type { SpanRecord } from "../api/types.js";
import { formatCost, formatCount, formatDuration } from "../format.js";

/** A span with its depth in the tree, in display order. */
export interface SpanRow {
  span: SpanRecord;
  depth: number;
}

/** Orders spans depth-first under their parents; spans whose parent is missing become roots. */
export function spanRows(spans: SpanRecord[]): SpanRow[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | null, SpanRecord[]>();
  for (const span of spans) {
    const parent = span.parentSpanId !== null && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const rows: SpanRow[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const span of (children.get(parent) ?? []).sort((a, b) => a.startTime - b.startTime)) {
      rows.push({ span, depth });
      visit(span.spanId, depth + 1);
    }
  };
  visit(null, 0);
  return rows;
}

/** The spans of a trace as an indented tree with a timing bar each; a click selects a span. */
export function SpanTree(props: { spans: SpanRecord[]; selected: string | undefined; onSelect: (spanId: string) => void }) {
  const rows = spanRows(props.spans);
  const start = Math.min(...props.spans.map((span) => span.startTime));
  const end = Math.max(...props.spans.map((span) => span.endTime));
  const total = Math.max(1, end - start);
  return (
    <table className="span-tree">
      <thead>
        <tr>
          <th>Span</th>
          <th>Model</th>
          <th className="number">Latency</th>
          <th className="number">Tokens in / out</th>
          <th className="number">Cost</th>
          <th className="timeline">Timeline</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ span, depth }) => (
          <tr
            key={span.spanId}
            className={span.spanId === props.selected ? "selected" : undefined}
            onClick={() => props.onSelect(span.spanId)}
            aria-selected={span.spanId === props.selected}
            data-span-id={span.spanId}
          >
            <td style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}>
              <button type="button" className="link" onClick={() => props.onSelect(span.spanId)}>
                {depth > 0 ? "└ " : ""}
                {span.name}
              </button>{" "}
              <span className="muted">{span.kind}</span>
              {span.status === "error" && <span className="badge status-error">error</span>}
            </td>
            <td className="mono">{span.model ?? ""}</td>
            <td className="number">{formatDuration(span.endTime - span.startTime)}</td>
            <td className="number">{span.inputTokens === null ? "–" : `${formatCount(span.inputTokens)} / ${formatCount(span.outputTokens)}`}</td>
            <td className="number">{formatCost(span.costUsd)}</td>
            <td className="timeline">
              <div className={`bar status-${span.status}`} style={{ marginLeft: `${((span.startTime - start) / total) * 100}%`, width: `${Math.max(0.5, ((span.endTime - span.startTime) / total) * 100)}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
