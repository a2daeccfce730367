import type { Digest } from "../radar-types.js";

/**
 * The digest with control characters in its text replaced by spaces. Feed text is untrusted:
 * an escape sequence in a title could rewrite a terminal's screen, and XML forbids most of them.
 */
export function withoutControls(digest: Digest): Digest {
  return JSON.parse(JSON.stringify(digest, (_key, value: unknown) => (typeof value === "string" ? value.replace(/\p{Cc}/gu, " ") : value))) as Digest;
}
