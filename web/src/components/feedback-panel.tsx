import { useState } from "react";
import { postJson } from "../api/request.js";
import type { FeedbackView } from "../api/types.js";
import { formatTime } from "../format.js";
import { ErrorNote } from "./error-note.js";
import { ThumbIcon } from "./thumb-icon.js";

/** Options for `FeedbackPanel`. */
export interface FeedbackPanelProps {
  traceId: string;
  /** The span judged; the trace's final output when absent. */
  spanId: string | undefined;
  /** What the span is called, for the heading. */
  target: string;
  feedback: FeedbackView[];
  onSaved: () => void;
}

/** Thumbs up or down and a comment on an output, stored for datasets, with what was said before. */
export function FeedbackPanel(props: FeedbackPanelProps) {
  const [label, setLabel] = useState<"good" | "bad" | undefined>();
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const send = async () => {
    if (label === undefined) return;
    setSaving(true);
    setError(undefined);
    try {
      await postJson(`/api/traces/${encodeURIComponent(props.traceId)}/feedback`, {
        ...(label === undefined ? {} : { label }),
        ...(note.trim() === "" ? {} : { note: note.trim() }),
        ...(props.spanId === undefined ? {} : { spanId: props.spanId }),
      });
      setLabel(undefined);
      setNote("");
      props.onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  const shown = props.feedback.filter((item) => (item.spanId ?? undefined) === props.spanId);
  return (
    <div className="feedback">
      <h3>Feedback on {props.target}</h3>
      <div className="thumbs" role="group" aria-label="rating">
        <button type="button" className={label === "good" ? "on good" : undefined} aria-pressed={label === "good"} title="Good output" onClick={() => setLabel(label === "good" ? undefined : "good")}>
          <ThumbIcon /> Good
        </button>
        <button type="button" className={label === "bad" ? "on bad" : undefined} aria-pressed={label === "bad"} title="Bad output" onClick={() => setLabel(label === "bad" ? undefined : "bad")}>
          <ThumbIcon down /> Bad
        </button>
      </div>
      <textarea aria-label="Comment" placeholder="Comment (optional)" rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
      <button type="button" className="primary" disabled={saving || label === undefined} title={label === undefined ? "Choose good or bad first" : undefined} onClick={() => void send()}>
        Save feedback
      </button>
      {error !== undefined && <ErrorNote error={error} />}
      {shown.length > 0 && (
        <ul className="feedback-list">
          {shown.map((item) => (
            <li key={item.feedbackId}>
              {item.label !== null && <span className={`badge ${item.label}`}><ThumbIcon down={item.label === "bad"} /> {item.label}</span>} {item.note}{" "}
              <span className="muted">
                {item.author}, {formatTime(item.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
