import { diffWords } from "../text-diff.js";

/** Two outputs as one text with removed words struck through and added words marked. */
export function OutputDiff(props: { before: string; after: string }) {
  return (
    <pre className="text diff">
      {diffWords(props.before, props.after).map((part, index) =>
        part.kind === "same" ? <span key={index}>{part.text}</span> : part.kind === "removed" ? <del key={index}>{part.text}</del> : <ins key={index}>{part.text}</ins>,
      )}
    </pre>
  );
}
