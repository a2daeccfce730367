import type { Flywheel } from "../runtime/index.js";
import type { RangeView, TargetInfo } from "./redteam-types.js";

/** What the `redteam` assertion needs of a target's live run: its traps, the target and the runtime. */
export interface LiveRun {
  range: RangeView;
  target: TargetInfo;
  flywheel: Flywheel;
}

const runs = new Map<string, LiveRun>();
let counter = 0;

/** Registers a live run; returns the key its cells carry in their metadata. */
export function registerLiveRun(run: LiveRun): string {
  counter += 1;
  const key = `redteam-${process.pid}-${counter}`;
  runs.set(key, run);
  return key;
}

/** The live run of a cell, while its target is open. */
export function liveRun(key: unknown): LiveRun | undefined {
  return typeof key === "string" ? runs.get(key) : undefined;
}

/** Forgets a run once its target closes. */
export function forgetLiveRun(key: string): void {
  runs.delete(key);
}
