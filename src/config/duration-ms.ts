/** A span of time as written in config and options: a number and a unit, e.g. `30m`, `12h`, `7d`, `2w`. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/;

/** Milliseconds in a span like `30d`; undefined when the text is not one or the number is too large. */
export function durationMs(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const milliseconds = Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as "s" | "m" | "h" | "d" | "w"];
  return Number.isFinite(milliseconds) ? milliseconds : undefined;
}
