/** A thumbs-up outline (down when `down`), drawn inline so it shows without an emoji font. */
export function ThumbIcon(props: { down?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" className="icon" style={props.down === true ? { transform: "rotate(180deg)" } : undefined}>
      <path
        d="M7 10v11H3V10h4Zm2 11h8.3a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 18.7 10H14l.8-4.1A1.6 1.6 0 0 0 13.2 4L9 10v11Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
    </svg>
  );
}
