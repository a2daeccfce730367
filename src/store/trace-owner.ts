import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** The process that runs a trace: enough to tell later, on the same machine, whether it still runs. */
interface TraceOwner {
  host: string;
  pid: number;
  /** The process's start time as Linux reports it (clock ticks since boot), so a reused pid is not taken for it; null elsewhere. */
  started: string | null;
}

/** This process, as recorded with the traces it opens. */
export function currentTraceOwner(): string {
  const owner: TraceOwner = { host: hostname(), pid: process.pid, started: processStart(process.pid) };
  return JSON.stringify(owner);
}

/**
 * Whether the process that owned a trace has ended: it ran on this machine and its pid is
 * gone, or now belongs to a process that started at another time. An owner on another
 * machine, or one that cannot be read, is never judged gone.
 */
export function isTraceOwnerGone(recorded: string): boolean {
  let owner: Partial<TraceOwner>;
  try {
    owner = JSON.parse(recorded) as Partial<TraceOwner>;
  } catch {
    return false;
  }
  if (owner.host !== hostname() || typeof owner.pid !== "number" || !Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.pid === process.pid) return owner.started !== processStart(process.pid);
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
  const started = processStart(owner.pid);
  return typeof owner.started === "string" && started !== null && started !== owner.started;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null without /proc. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces; fields after it start at 3.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}
