import { formatCost, formatCount, formatDuration } from "../format.js";
import { Link } from "../router.js";

/** One model's column in the playground. */
export interface ModelRun {
  model: string;
  text: string;
  state: "streaming" | "done" | "error" | "stopped";
  finish?: { usage: { inputTokens?: number; outputTokens?: number }; costUsd?: number; latencyMs: number; traceId: string; finishReason: string };
  error?: string;
  hint?: string;
}

/** A model's streamed answer with its tokens, cost, latency and a link to its trace. */
export function ModelOutput(props: { run: ModelRun }) {
  const { run } = props;
  return (
    <article className={`output state-${run.state}`} data-model={run.model} aria-busy={run.state === "streaming"}>
      <header>
        <span className="mono">{run.model}</span>
        {run.state === "streaming" && <span className="muted">streaming…</span>}
        {run.state === "stopped" && <span className="muted">stopped</span>}
      </header>
      <pre className="text">{run.text}</pre>
      {run.error !== undefined && (
        <div className="note error" role="alert">
          {run.error}
          {run.hint !== undefined && <div className="hint">{run.hint}</div>}
        </div>
      )}
      {run.finish !== undefined && (
        <footer className="muted">
          {formatDuration(run.finish.latencyMs)} · {formatCount(run.finish.usage.inputTokens)} in / {formatCount(run.finish.usage.outputTokens)} out · {formatCost(run.finish.costUsd)} ·{" "}
          <Link to={`/traces/${run.finish.traceId}`}>trace</Link>
        </footer>
      )}
    </article>
  );
}
