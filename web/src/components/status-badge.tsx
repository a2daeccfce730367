/** A trace, span or run status as a small coloured label. */
export function StatusBadge(props: { status: string }) {
  return <span className={`badge status-${props.status}`}>{props.status}</span>;
}
