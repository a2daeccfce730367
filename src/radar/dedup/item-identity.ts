import { createHash } from "node:crypto";

/**
 * An item's stable id: a hash of its canonical URL and of the feed it came from, so the same
 * page read twice from one feed is one item, while the same page linked by two feeds is two
 * items of one cluster (the digest lists both sources).
 */
export function itemId(canonical: string, sourceUrl: string): string {
  return createHash("sha256").update(`${canonical}\n${sourceUrl}`).digest("hex").slice(0, 32);
}

/** SHA-256 of the title and text with case, Unicode forms and white space normalised: word-for-word copies share it. */
export function contentHash(title: string, text: string): string {
  return createHash("sha256").update(`${normalise(title)}\n${normalise(text)}`).digest("hex");
}

function normalise(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}
