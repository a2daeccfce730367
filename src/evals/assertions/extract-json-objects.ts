/** Every top-level `{...}` JSON object embedded in text, in order (strings and escapes respected). */
export function extractJsonObjects(text: string): unknown[] {
  const objects: unknown[] = [];
  for (let start = text.indexOf("{"); start !== -1; start = text.indexOf("{", start + 1)) {
    const end = matchingBrace(text, start);
    if (end === -1) continue;
    try {
      objects.push(JSON.parse(text.slice(start, end + 1)));
      start = end;
    } catch {
      // not JSON from this brace: try the next one
    }
  }
  return objects;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let quoted = false;
  let escaped = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (escaped) escaped = false;
      else if (character === "\\") escaped = true;
      else if (character === '"') quoted = false;
    } else if (character === '"') quoted = true;
    else if (character === "{") depth += 1;
    else if (character === "}" && --depth === 0) return index;
  }
  return -1;
}
