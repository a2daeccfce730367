import { useState } from "react";
import { postJson } from "../api/request.js";
import type { DigestCitation, DigestEntryView } from "../api/types.js";
import { ErrorNote } from "./error-note.js";
import { ThumbIcon } from "./thumb-icon.js";

/** Options for `RadarEntry`. */
export interface RadarEntryProps {
  entry: DigestEntryView;
  /** 1-based place in the digest's ranking. */
  rank: number;
  /** Called after the read state or feedback was stored. */
  onSaved: () => void;
}

/**
 * One digest entry: headline, why it matters, the summary with each `[n]` linking to the item
 * it cites, the cited items and sources, and the reader's controls (read, useful, noise). Feed
 * text is rendered as text only, and only http(s) links are made links.
 */
export function RadarEntry(props: RadarEntryProps) {
  const { entry } = props;
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const read = entry.readAt !== undefined;
  const save = async (action: "read" | "feedback", body: unknown) => {
    setSaving(true);
    setError(undefined);
    try {
      await postJson(`/api/radar/clusters/${encodeURIComponent(entry.clusterId)}/${action}`, body);
      props.onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return (
    <article className={read ? "radar-entry read" : "radar-entry"} data-cluster={entry.clusterId}>
      <header>
        <span className="rank">{props.rank}</span> <strong>{entry.title}</strong> <span className="score" title="relevance score">{entry.score.toFixed(2)}</span>
      </header>
      <p className="reason">{entry.reason}</p>
      <p className="summary">
        <CitedText text={entry.summary} citations={entry.citations} />
      </p>
      {entry.citations.length > 0 && (
        <ol className="citations">
          {entry.citations.map((citation) => (
            <li key={citation.n} value={citation.n}>
              <ItemLink citation={citation}>{citation.title}</ItemLink> <span className="muted">{citation.source}</span>
            </li>
          ))}
        </ol>
      )}
      <div className="muted">Sources: {entry.sources.join(", ")}</div>
      <div className="actions">
        <button type="button" aria-pressed={read} disabled={saving} onClick={() => void save("read", { read: !read })}>
          {read ? "Mark unread" : "Mark read"}
        </button>
        <div className="thumbs" role="group" aria-label="feedback">
          <button type="button" className={entry.feedback === "useful" ? "on good" : undefined} aria-pressed={entry.feedback === "useful"} disabled={saving} title="Rank stories like this higher" onClick={() => void save("feedback", { feedback: "useful" })}>
            <ThumbIcon /> Useful
          </button>
          <button type="button" className={entry.feedback === "noise" ? "on bad" : undefined} aria-pressed={entry.feedback === "noise"} disabled={saving} title="Rank stories like this lower" onClick={() => void save("feedback", { feedback: "noise" })}>
            <ThumbIcon down /> Noise
          </button>
        </div>
      </div>
      {error !== undefined && <ErrorNote error={error} />}
    </article>
  );
}

/** The summary as text, each `[n]` a link to the item it cites. */
function CitedText(props: { text: string; citations: DigestCitation[] }) {
  const byNumber = new Map(props.citations.map((citation) => [citation.n, citation]));
  return props.text.split(/(\[\d+\])/).map((part, index) => {
    const citation = byNumber.get(Number(/^\[(\d+)\]$/.exec(part)?.[1]));
    return citation === undefined ? (
      part
    ) : (
      <ItemLink key={index} citation={citation} className="cite" title={`${citation.title} (${citation.source})`}>
        {part}
      </ItemLink>
    );
  });
}

/** A link to a cited item, opened in a new tab; plain text when its URL is not http(s). */
function ItemLink(props: { citation: DigestCitation; className?: string; title?: string; children: string }) {
  if (!/^https?:\/\//i.test(props.citation.url)) return <span className={props.className}>{props.children}</span>;
  return (
    <a href={props.citation.url} className={props.className} title={props.title} target="_blank" rel="noopener noreferrer">
      {props.children}
    </a>
  );
}
