import { UsageError } from "../../errors/index.js";

const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `30m`, `12h`, `7d`, `2w` into milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim());
  if (match === null) throw new UsageError(`invalid duration "${text}"`, "use a number and a unit: 30m, 12h, 7d, 2w");
  return Number(match[1]) * units[match[2]!]!;
}
