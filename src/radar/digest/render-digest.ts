import type { Digest } from "../radar-types.js";
import { renderHtml } from "./render-html.js";
import { renderJson } from "./render-json.js";
import { renderMarkdown } from "./render-markdown.js";
import { renderTerminal } from "./render-terminal.js";

/** The formats a digest renders to. */
export const DIGEST_FORMATS = ["terminal", "markdown", "html", "json"] as const;

/** One of `DIGEST_FORMATS`. */
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** The digest in a format; `color` applies to the terminal format only. */
export function renderDigest(digest: Digest, format: DigestFormat, options: { color: boolean }): string {
  if (format === "markdown") return renderMarkdown(digest);
  if (format === "html") return renderHtml(digest);
  if (format === "json") return renderJson(digest);
  return renderTerminal(digest, options);
}
