import { InvalidArgumentError } from "commander";
// The file alone, not the config index: registering commands must not load zod and the YAML parser.
import { DURATION_PATTERN, durationMs } from "../config/duration-ms.js";

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
  const milliseconds = durationMs(value);
  if (milliseconds !== undefined) return milliseconds;
  if (DURATION_PATTERN.test(value.trim())) throw new InvalidArgumentError(`expected a span like 30m, 12h or 7d, got a number too large: "${value.slice(0, 40)}"`);
  throw new InvalidArgumentError(`expected a span like 30m, 12h or 7d, got "${value}"`);
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
