import { readFileSync } from "node:fs";
import { descendants } from "./process-tree-memory.js";

const TICKS_PER_SECOND = 100;

/** CPU time (user + system, milliseconds) a process and its descendants have used so far (Linux only: reads /proc). */
export function treeCpuMs(rootPid: number): number {
  let ticks = 0;
  for (const pid of descendants(rootPid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // Fields 14 and 15 of stat (utime, stime), counted from the state field at index 0 here.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended while we looked
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
