import { CancelledError } from "../../errors/index.js";

let running = 0;
const waiting: { limit: number; start: () => void }[] = [];

function wake(): void {
  const next = waiting.findIndex((waiter) => running < waiter.limit);
  if (next === -1) return;
  const [waiter] = waiting.splice(next, 1);
  waiter!.start();
}

/**
 * Waits for one of `limit` sandbox places in this process (shared by every `run_js` tool) and
 * returns the function that gives it back. Calls over the limit wait in order; an abort while
 * waiting leaves the queue with a CancelledError.
 */
export function acquireSandboxSlot(limit: number, signal?: AbortSignal): Promise<() => void> {
  signal?.throwIfAborted();
  const release = () => {
    running -= 1;
    wake();
  };
  return new Promise((resolve, reject) => {
    const waiter = {
      limit,
      start: () => {
        signal?.removeEventListener("abort", onAbort);
        running += 1;
        resolve(release);
      },
    };
    const onAbort = () => {
      waiting.splice(waiting.indexOf(waiter), 1);
      reject(new CancelledError("run_js"));
    };
    if (running < limit && waiting.length === 0) return waiter.start();
    signal?.addEventListener("abort", onAbort, { once: true });
    waiting.push(waiter);
  });
}
