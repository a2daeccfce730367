import os from "node:os";

/**
 * Threads for inference: the cores not already busy (one-minute load average), at least one.
 * llama.cpp's own default of 4 on a 2-core machine oversubscribes it, and a busy machine
 * slows down by far more than the lost share.
 */
export function freeCoreCount(): number {
  const cores = os.availableParallelism();
  const busy = Math.floor(os.loadavg()[0] ?? 0);
  return Math.max(1, Math.min(cores, cores - busy));
}
