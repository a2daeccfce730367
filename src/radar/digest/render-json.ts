import type { Digest } from "../radar-types.js";

/** The digest as JSON: the `Digest` object, indented. */
export function renderJson(digest: Digest): string {
  return `${JSON.stringify(digest, null, 2)}\n`;
}
