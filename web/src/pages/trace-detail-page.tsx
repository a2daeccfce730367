import { useState } from "react";
import { FlywheelAttributes, GenAi } from "../../../src/traces/attributes.js";
import { getJson } from "../api/request.js";
import type { FeedbackView, SpanRecord, TraceDetail } from "../api/types.js";
import { ErrorNote } from "../components/error-note.js";
import { FeedbackPanel } from "../components/feedback-panel.js";
import { SpanTree } from "../components/span-tree.js";
import { StatusBadge } from "../components/status-badge.js";
import { formatCost, formatCount, formatDuration, formatTime, formatValue } from "../format.js";
import { Link } from "../router.js";
import { useResource } from "../use-resource.js";

type TraceWithFeedback = TraceDetail & { feedback: FeedbackView[] };

/** One trace: its summary, the span tree, the selected span's input and output, and feedback. */
export function TraceDetailPage(props: { id: string }) {
  const trace = useResource((signal) => getJson<TraceWithFeedback>(`/api/traces/${encodeURIComponent(props.id)}`, {}, signal), props.id);
  const [selected, setSelected] = useState<string>();
  if (trace.error !== undefined) {
    return (
      <section>
        <p>
          <Link to="/traces">← Traces</Link>
        </p>
        <ErrorNote error={trace.error} />
      </section>
    );
  }
  if (trace.data === undefined) return <p className="muted">Loading…</p>;
  const { summary, spans, feedback } = trace.data;
  const root = spans.find((span) => span.parentSpanId === null) ?? spans[0];
  const span = spans.find((item) => item.spanId === selected) ?? root;
  return (
    <section>
      <p>
        <Link to="/traces">← Traces</Link>
      </p>
      <h1>
        {summary.name ?? "trace"} <StatusBadge status={summary.status} />
      </h1>
      <dl className="facts">
        <dt>Trace</dt>
        <dd className="mono">{summary.traceId}</dd>
        <dt>Started</dt>
        <dd>{formatTime(summary.startTime)}</dd>
        <dt>Latency</dt>
        <dd>{formatDuration(summary.durationMs)}</dd>
        <dt>Model</dt>
        <dd className="mono">{summary.model ?? "–"}</dd>
        <dt>Tokens</dt>
        <dd>
          {formatCount(summary.inputTokens)} in / {formatCount(summary.outputTokens)} out
        </dd>
        <dt>Cost</dt>
        <dd>{formatCost(summary.costUsd)}</dd>
      </dl>
      {summary.statusMessage !== null && <div className="note error">{summary.statusMessage}</div>}
      <SpanTree spans={spans} selected={span?.spanId} onSelect={setSelected} />
      {span !== undefined && <SpanDetail span={span} />}
      {span !== undefined && (
        <FeedbackPanel
          traceId={summary.traceId}
          spanId={span === root ? undefined : span.spanId}
          target={span === root ? "the trace's output" : `span “${span.name}”`}
          feedback={feedback}
          onSaved={trace.reload}
        />
      )}
    </section>
  );
}

function SpanDetail(props: { span: SpanRecord }) {
  const { span } = props;
  const attributes = span.attributes;
  const shown: string[] = [FlywheelAttributes.input, FlywheelAttributes.output, GenAi.inputMessages, GenAi.outputMessages];
  const input = attributes[FlywheelAttributes.input] ?? attributes[GenAi.inputMessages];
  const output = attributes[FlywheelAttributes.output] ?? attributes[GenAi.outputMessages];
  const other = Object.entries(attributes).filter(([key]) => !shown.includes(key));
  return (
    <div className="span-detail">
      <h2>
        {span.name} <span className="muted">{span.kind}</span>
      </h2>
      {span.statusMessage !== null && <div className="note error">{span.statusMessage}</div>}
      <div className="io">
        <div>
          <h3>Input</h3>
          <pre className="text">{formatValue(parseJsonText(input)) || "–"}</pre>
        </div>
        <div>
          <h3>Output</h3>
          <pre className="text" data-testid="span-output">
            {formatValue(parseJsonText(output)) || "–"}
          </pre>
        </div>
      </div>
      <details>
        <summary>Attributes ({other.length}) and events ({span.events.length})</summary>
        <table className="attributes">
          <tbody>
            {other.map(([key, value]) => (
              <tr key={key}>
                <th className="mono">{key}</th>
                <td className="mono">{formatValue(value)}</td>
              </tr>
            ))}
            {span.events.map((event, index) => (
              <tr key={`event-${index}`}>
                <th className="mono">event {event.name}</th>
                <td className="mono">
                  +{formatDuration(event.time - span.startTime)} {Object.keys(event.attributes).length > 0 ? JSON.stringify(event.attributes) : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

/** GenAI message attributes are JSON text; show them parsed when they are. */
function parseJsonText(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
