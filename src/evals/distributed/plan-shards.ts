import type { PlannedCell } from "../runner/run-cell.js";

/** Cells a shard aims for when no shard size is given: a few seconds of work at usual model latencies. */
export const DEFAULT_SHARD_CELLS = 40;

/** A range of tests whose cells one worker runs. */
export interface ShardRange {
  fromTest: number;
  /** Exclusive. */
  toTest: number;
}

/**
 * Splits a run's tests into ranges of `testsPerShard` and keeps those with a cell still to run,
 * so a resumed run queues shards only for what is left.
 */
export function planShards(cellsToRun: readonly PlannedCell[], testCount: number, testsPerShard: number): ShardRange[] {
  const pending = new Set(cellsToRun.map((cell) => cell.testIndex));
  const shards: ShardRange[] = [];
  for (let fromTest = 0; fromTest < testCount; fromTest += testsPerShard) {
    const toTest = Math.min(testCount, fromTest + testsPerShard);
    for (let test = fromTest; test < toTest; test += 1) {
      if (pending.has(test)) {
        shards.push({ fromTest, toTest });
        break;
      }
    }
  }
  return shards;
}
