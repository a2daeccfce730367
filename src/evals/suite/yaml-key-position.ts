import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml";

/**
 * Finds where a key path (e.g. `["providers", 0, "config"]`) is written in YAML text, as
 * `line:column` (1-based) of the key, or of the item for a numeric step. Returns undefined
 * when the text is not YAML or the path is not in it.
 */
export function yamlKeyPosition(text: string, keyPath: readonly (string | number)[]): string | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) return undefined;
  let node: unknown = document.contents;
  let offset: number | undefined;
  for (const step of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(step));
      if (pair === undefined || !isScalar(pair.key)) return undefined;
      offset = pair.key.range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof step === "number") {
      const item: unknown = node.items[step];
      if (item === undefined) return undefined;
      offset = (item as { range?: [number, number, number] }).range?.[0];
      node = item;
    } else return undefined;
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return `${line}:${col}`;
}
