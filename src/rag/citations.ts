import type { ChunkLocation } from "../store/index.js";

/** `p. 3`, `lines 10-24`, `line 7`, or "" when nothing is known. */
export function formatLocation(location: ChunkLocation): string {
  if (location.page !== undefined) return `p. ${location.page}`;
  if (location.lineStart !== undefined) {
    return location.lineEnd === undefined || location.lineEnd === location.lineStart ? `line ${location.lineStart}` : `lines ${location.lineStart}-${location.lineEnd}`;
  }
  return "";
}

/** The citation numbers an answer uses (`[1]`, `[2, 3]`, `[2][3]`), distinct, in order of first use, within 1..count. */
export function citedNumbers(answer: string, count: number): number[] {
  const numbers: number[] = [];
  for (const match of answer.matchAll(/\[(\d+(?:\s*[,;]\s*\d+)*)\]/g)) {
    for (const part of match[1]!.split(/[,;]/)) {
      const number = Number(part.trim());
      if (number >= 1 && number <= count && !numbers.includes(number)) numbers.push(number);
    }
  }
  return numbers;
}

/**
 * Removes citation markers whose numbers name no passage (`[7]` when 3 were given; models
 * invent them), keeping the valid numbers of a group (`[2, 9]` becomes `[2]`). Returns the
 * cleaned answer and the numbers dropped, in order of first use.
 */
export function dropInvalidCitations(answer: string, count: number): { answer: string; dropped: number[] } {
  const dropped: number[] = [];
  const cleaned = answer.replace(/ ?\[(\d+(?:\s*[,;]\s*\d+)*)\]/g, (marker, group: string) => {
    const numbers = group.split(/[,;]/).map((part) => Number(part.trim()));
    const valid = numbers.filter((number) => number >= 1 && number <= count);
    for (const number of numbers) if (!valid.includes(number) && !dropped.includes(number)) dropped.push(number);
    if (valid.length === numbers.length) return marker;
    return valid.length === 0 ? "" : `${marker.startsWith(" ") ? " " : ""}[${valid.join(", ")}]`;
  });
  return { answer: cleaned, dropped };
}
