// A word-level diff (longest common subsequence) for comparing two outputs. Outputs are
// short; past a size where the table would be large, it falls back to whole lines.

/** A run of text that is in both, only in the old, or only in the new. */
export interface DiffPart {
  kind: "same" | "removed" | "added";
  text: string;
}

const MAX_CELLS = 4_000_000;

/** Differences from `before` to `after`, word by word (whitespace kept with the words). */
export function diffWords(before: string, after: string): DiffPart[] {
  let a: string[] = before.match(/\s+|[^\s]+/g) ?? [];
  let b: string[] = after.match(/\s+|[^\s]+/g) ?? [];
  if (a.length * b.length > MAX_CELLS) {
    a = before.split(/(?<=\n)/);
    b = after.split(/(?<=\n)/);
  }
  if (a.length * b.length > MAX_CELLS) return [{ kind: "removed", text: before }, { kind: "added", text: after }];
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] = a[i] === b[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string) => {
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", a[i]!);
      i += 1;
      j += 1;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) {
      push("removed", a[i]!);
      i += 1;
    } else {
      push("added", b[j]!);
      j += 1;
    }
  }
  while (i < a.length) push("removed", a[i++]!);
  while (j < b.length) push("added", b[j++]!);
  return groupChanges(parts);
}

/**
 * Reads better as "old words → new words": blanks between two changes join the change,
 * and each changed stretch shows all it removed, then all it added.
 */
function groupChanges(parts: DiffPart[]): DiffPart[] {
  const grouped: DiffPart[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed !== "") grouped.push({ kind: "removed", text: removed });
    if (added !== "") grouped.push({ kind: "added", text: added });
    removed = "";
    added = "";
  };
  parts.forEach((part, index) => {
    const between = part.kind === "same" && /^\s+$/.test(part.text) && (removed !== "" || added !== "") && parts[index + 1] !== undefined && parts[index + 1]!.kind !== "same";
    if (part.kind === "removed" || between) removed += part.text;
    if (part.kind === "added" || between) added += part.text;
    if (part.kind === "same" && !between) {
      flush();
      grouped.push(part);
    }
  });
  flush();
  return grouped;
}
