/** Reads a nullable text column. */
export function nullableString(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Reads a nullable numeric column (BIGINT arrives as a string from some drivers). */
export function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
