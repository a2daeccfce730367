import { ApiError } from "../api/request.js";

/** An error as the user should read it: the server's message and its hint. A 501 reads as "not available yet". */
export function ErrorNote(props: { error: unknown }) {
  const { error } = props;
  if (error instanceof ApiError && error.status === 501) {
    return (
      <div className="note unavailable" role="status">
        <strong>Not available yet.</strong> {error.message}
        {error.hint !== undefined && <div className="hint">{error.hint}</div>}
      </div>
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="note error" role="alert">
      {message}
      {error instanceof ApiError && error.hint !== undefined && <div className="hint">{error.hint}</div>}
    </div>
  );
}
