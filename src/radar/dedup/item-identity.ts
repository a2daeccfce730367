import { createHash } from "node:crypto";

/** An item's stable id: a hash of its canonical URL, so the same page read twice is one item. */
export function itemId(canonical: string): string {
  return createHash("sha256").update(canonical).digest("hex").slice(0, 32);
}

/** SHA-256 of the title and text with case, Unicode forms and white space normalised: word-for-word copies share it. */
export function contentHash(title: string, text: string): string {
  return createHash("sha256").update(`${normalise(title)}\n${normalise(text)}`).digest("hex");
}

function normalise(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}
