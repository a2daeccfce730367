/**
 * Secret redaction. Every value registered here (API keys read from config or the
 * environment) and every string that looks like a well-known key format is replaced
 * with `[REDACTED]` before it can reach a trace, a log line, an error or the store.
 */

import { secretRules } from "./secret-rules.js";

const REDACTED = "[REDACTED]";
const MIN_SECRET_LENGTH = 8;

const knownSecrets = new Set<string>();
let knownSecretsPattern: RegExp | undefined;

/** Remembers a secret value so that it is redacted wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  const escaped = [...knownSecrets]
    .sort((a, b) => b.length - a.length)
    .map((secret) => secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  knownSecretsPattern = new RegExp(escaped.join("|"), "g");
}

/**
 * The length of the longest registered secret that `shape` does not match whole (0 if none):
 * how much text a stream must hold back so that such a secret is never sent in part.
 */
export function longestSecretWithout(shape: RegExp): number {
  let longest = 0;
  for (const secret of knownSecrets) if (!shape.test(secret)) longest = Math.max(longest, secret.length);
  return longest;
}

/**
 * Replaces every known or key-shaped secret with `replacement` (a bearer or basic scheme
 * word is kept). `redactSecrets` uses `[REDACTED]`; dataset scrubbing uses a typed placeholder.
 */
export function replaceSecrets(text: string, replacement: string): string {
  let result = text;
  if (knownSecretsPattern !== undefined) result = result.replace(knownSecretsPattern, replacement);
  const lower = result.toLowerCase();
  for (const rule of secretRules) {
    if (!rule.keywords.some((keyword) => lower.includes(keyword))) continue;
    // A pattern with named groups passes them last; `keep` is the part that names the secret.
    result = result.replace(rule.pattern, (...args: unknown[]) => {
      const groups = args.at(-1);
      const keep = typeof groups === "object" && groups !== null ? (groups as { keep?: string }).keep : undefined;
      return `${keep ?? ""}${replacement}`;
    });
  }
  return result;
}

/** Returns the text with every known or key-shaped secret replaced by `[REDACTED]`. */
export function redactSecrets(text: string): string {
  return replaceSecrets(text, REDACTED);
}

/** Redacts every string inside a JSON-like value, returning a new value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item);
    return out as T;
  }
  return value;
}
