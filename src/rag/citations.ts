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
