/** Result of `safeParseJson`. */
export type SafeParseJsonResult = { success: true; value: unknown } | { success: false; error: Error };

/** Parses JSON text without throwing. */
export function safeParseJson(text: string): SafeParseJsonResult {
  try {
    return { success: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { success: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Parsed JSON, or the text itself when it is not valid JSON (tool arguments a client echoes back). */
export function parseJsonText(text: string): unknown {
  const result = safeParseJson(text);
  return result.success ? result.value : text;
}
