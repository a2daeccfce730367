/** Turns what a tool returned into the text the model reads, cut to `maxChars` with a note saying so. */
export function toolOutputText(value: unknown, maxChars: number): string {
  const text = typeof value === "string" ? value : value === undefined ? "(no output)" : (JSON.stringify(value) ?? String(value));
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}\n[output cut at ${maxChars} of ${text.length} characters]`;
}
