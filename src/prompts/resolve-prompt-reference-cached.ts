import { resolvePromptReference } from "./resolve-prompt-reference.js";
import type { PromptReferenceContext } from "./resolve-prompt-reference.js";
import type { PromptFile } from "./prompt-file.js";

/** How long a resolved prompt reference is reused before its file is read again: an edited prompt takes effect within this. */
export const PROMPT_REFERENCE_TTL_MS = 2_000;

interface CachedPrompt {
  file: Promise<PromptFile>;
  readAt: number;
}

const caches = new WeakMap<object, Map<string, CachedPrompt>>();

/**
 * `resolvePromptReference` for the request path (the `/v1` gateway, experiments): the same
 * answer, read from disk at most once per `ttlMs` per reference and store, so a busy endpoint
 * does not list the prompts folder and parse the file on every call. Failures are not cached.
 */
export function resolvePromptReferenceCached(context: PromptReferenceContext, reference: string, options: { ttlMs?: number; now?: number } = {}): Promise<PromptFile> {
  const ttl = options.ttlMs ?? PROMPT_REFERENCE_TTL_MS;
  const now = options.now ?? Date.now();
  const cache = caches.get(context.store) ?? new Map<string, CachedPrompt>();
  caches.set(context.store, cache);
  const key = `${context.config.cwd}\u0000${reference}`;
  const cached = cache.get(key);
  if (cached !== undefined && now - cached.readAt < ttl) return cached.file;
  const entry = { file: resolvePromptReference(context, reference), readAt: now };
  cache.set(key, entry);
  entry.file.catch(() => cache.get(key) === entry && cache.delete(key));
  return entry.file;
}
