/**
 * Finds keys of `value` not in `known`, reported as `prefix.key`. Loose schemas accept
 * them; the loader lists them all in one warning so nothing is skipped silently.
 */
export function collectUnknownKeys(value: unknown, known: readonly string[], prefix: string, into: Set<string>): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) into.add(prefix === "" ? key : `${prefix}.${key}`);
  }
}
