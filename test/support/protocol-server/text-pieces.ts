// How reply text is cut into stream chunks: words for prose, fixed slices for JSON.

const jsonPieceLength = 16;

/**
 * Splits text into words, each with its leading whitespace, so that joining
 * the pieces gives the text back: `"You said: hi"` → `["You", " said:", " hi"]`.
 */
export function splitWords(text: string): string[] {
  if (text.length === 0) return [];
  return text.split(/(?<=\S)(?=\s+\S)/);
}

/** Cuts JSON text into 16-character slices so clients exercise partial-JSON assembly. */
export function splitJson(json: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < json.length; start += jsonPieceLength) pieces.push(json.slice(start, start + jsonPieceLength));
  return pieces;
}
