/**
 * Secret redaction. Every value registered here (API keys read from config or the
 * environment) and every string that looks like a well-known key format is replaced
 * with `[REDACTED]` before it can reach a trace, a log line, an error or the store.
 */

const REDACTED = "[REDACTED]";
const MIN_SECRET_LENGTH = 8;

const knownSecrets = new Set<string>();
let knownSecretsPattern: RegExp | undefined;

// Well-known key shapes: OpenAI, Anthropic, GitHub, Slack, AWS, Google, HF, bearer tokens.
const secretShapes: RegExp[] = [
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g,
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  /\bhf_[A-Za-z0-9]{20,}/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/gi,
];

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
  for (const shape of secretShapes) {
    result = result.replace(shape, (_match, scheme?: string) =>
      typeof scheme === "string" && /^(bearer|basic)$/i.test(scheme) ? `${scheme} ${replacement}` : replacement,
    );
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
