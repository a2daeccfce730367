import { replaceSecrets } from "../../secrets/index.js";
import type { DatasetRow } from "../dataset-row.js";

/** Kinds of personal data and secrets the scrub replaces, each with its placeholder. */
export const piiPlaceholders = {
  apiKey: "<API_KEY>",
  email: "<EMAIL>",
  cardNumber: "<CARD_NUMBER>",
  phone: "<PHONE>",
} as const;

/** A kind of scrubbed value. */
export type PiiKind = keyof typeof piiPlaceholders;

/** How many values of each kind were replaced. */
export type PiiCounts = Record<PiiKind, number>;

// Every repeat is bounded (by the lengths RFC 5321 allows: 64 before the @, 63 a label, few labels)
// so that a failed attempt costs a constant and a long run without spaces is scanned in linear time.
const emailPattern = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,63}(?![A-Za-z])/g;
// 13 to 19 digits, optionally grouped by spaces or dashes; kept only when the Luhn check passes.
const cardPattern = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
// International or national numbers: an optional +country code, an optional (area code), then
// groups of digits separated by spaces, dots or dashes; at least 9 digits in all.
const phonePattern = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,4}){1,4}(?![\w])/g;

/** True when the digits pass the Luhn checksum (as every payment card number does). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Replaces secrets, emails, card numbers and phone numbers in one text with typed placeholders. */
export function scrubText(text: string, counts?: PiiCounts): string {
  const count = (kind: PiiKind) => {
    if (counts !== undefined) counts[kind] += 1;
    return piiPlaceholders[kind];
  };
  // Secrets first: a key may contain an @ or long digit runs that would look like other kinds.
  let result = replaceSecrets(text, "\u0000KEY\u0000");
  if (counts !== undefined) counts.apiKey += result.split("\u0000KEY\u0000").length - 1;
  result = result.replaceAll("\u0000KEY\u0000", piiPlaceholders.apiKey);
  result = result.replace(emailPattern, () => count("email"));
  result = result.replace(cardPattern, (match) => (passesLuhn(match.replace(/[ -]/g, "")) ? count("cardNumber") : match));
  result = result.replace(phonePattern, (match) => (isPhoneLength(match.replace(/\D/g, "").length) ? count("phone") : match));
  return result;
}

/** Scrubs every string inside a JSON-like value. */
export function scrubValue<T>(value: T, counts?: PiiCounts): T {
  if (typeof value === "string") return scrubText(value, counts) as T;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, counts)) as T;
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, counts);
    return out as T;
  }
  return value;
}

/** Zero counts for every kind. */
export function emptyPiiCounts(): PiiCounts {
  return { apiKey: 0, email: 0, cardNumber: 0, phone: 0 };
}

/** Scrubs every message, tool definition and metadata value of every row. */
export function scrubRows(rows: readonly DatasetRow[]): { rows: DatasetRow[]; counts: PiiCounts; rowsChanged: number } {
  const counts = emptyPiiCounts();
  let rowsChanged = 0;
  const scrubbed = rows.map((row) => {
    const before = JSON.stringify(row);
    const after = scrubValue(row, counts);
    if (JSON.stringify(after) !== before) rowsChanged += 1;
    return after;
  });
  return { rows: scrubbed, counts, rowsChanged };
}

/** Phone numbers have 9 to 15 digits (E.164 allows at most 15). */
function isPhoneLength(digits: number): boolean {
  return digits >= 9 && digits <= 15;
}
