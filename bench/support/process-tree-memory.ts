import { readdirSync, readFileSync } from "node:fs";

/** Samples the resident memory of a process and all its descendants from /proc, keeping the peak. */
export interface TreeMemorySampler {
  /** Peak total RSS seen so far, in MiB. */
  peakMiB(): number;
  /** Stops sampling; returns the peak in MiB. */
  stop(): number;
}

/** Starts sampling a process tree every `intervalMs` (Linux only: reads /proc from outside the processes). */
export function sampleTreeMemory(rootPid: number, intervalMs = 50): TreeMemorySampler {
  let peak = 0;
  const sample = () => {
    const total = descendants(rootPid).reduce((sum, pid) => sum + rssKiB(pid), 0);
    peak = Math.max(peak, total);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    peakMiB: () => peak / 1024,
    stop() {
      clearInterval(timer);
      return peak / 1024;
    },
  };
}

/** A process and all its descendants, from /proc (Linux only). */
export function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const result: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    result.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return result;
}

function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}
