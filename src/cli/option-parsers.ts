import { InvalidArgumentError } from "commander";

/** A commander parser for a number within [min, max]. */
export function numberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got "${value}"`);
    }
    return number;
  };
}

/** A commander parser for a number above zero (learning rates, epochs). */
export function positive(value: string): number {
  const number = Number(value);
  if (value.trim() === "" || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return number;
}

/** A commander parser for a whole number of at least `min`. */
export function integerFrom(min: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}, got "${value}"`);
    return number;
  };
}

/** A commander parser for a time span such as `30m`, `7d` or `2h`, returned as milliseconds. */
export function duration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/.exec(value.trim());
  if (match === null) throw new InvalidArgumentError(`expected a span like 30m, 12h or 7d, got "${value}"`);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as "s" | "m" | "h" | "d" | "w"];
  const milliseconds = Number(match[1]) * unit;
  if (!Number.isFinite(milliseconds)) throw new InvalidArgumentError(`expected a span like 30m, 12h or 7d, got a number too large: "${value.slice(0, 40)}"`);
  return milliseconds;
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A commander parser for a repeatable `--var name=value`, collected into one object. */
export function variable(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const equals = value.indexOf("=");
  const name = value.slice(0, Math.max(equals, 0)).trim();
  if (name === "") throw new InvalidArgumentError(`expected name=value, got "${value}"`);
  return { ...previous, [name]: value.slice(equals + 1) };
}
