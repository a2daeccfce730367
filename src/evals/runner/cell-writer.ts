import type { EvalStore } from "../../store/index.js";
import type { CellResult } from "./cell-result.js";
import { toCellRecord } from "./cell-records.js";

/** Writes finished cells to the store in small batches, moments after they finish. */
export interface CellWriter {
  /** Queues a finished cell; it is written within `delayMs`. */
  add(cell: CellResult): void;
  /** Writes everything queued; rejects if any write failed. */
  flush(): Promise<void>;
}

/**
 * Batches cell writes: a crash or Ctrl-C loses at most the last few milliseconds of
 * cells (which a resumed run then runs again), while a fast run does not pay one
 * transaction per cell.
 */
export function createCellWriter(options: { store: EvalStore; runId: string; delayMs?: number; maxBatch?: number }): CellWriter {
  const delayMs = options.delayMs ?? 50;
  const maxBatch = options.maxBatch ?? 250;
  let queued: CellResult[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let failure: unknown;
  const write = () => {
    clearTimeout(timer);
    timer = undefined;
    if (queued.length === 0) return writing;
    const batch = queued;
    queued = [];
    writing = writing.then(() => options.store.writeCells(batch.map((cell) => toCellRecord(options.runId, cell)))).catch((error: unknown) => {
      failure ??= error;
    });
    return writing;
  };
  return {
    add(cell) {
      queued.push(cell);
      if (queued.length >= maxBatch) void write();
      else timer ??= setTimeout(() => void write(), delayMs);
    },
    async flush() {
      await write();
      if (failure !== undefined) throw failure;
    },
  };
}
