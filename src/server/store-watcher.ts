import { setTimeout as sleep } from "node:timers/promises";
import type { ChangeMarks, ChangeTopic, Store } from "../store/index.js";

/** Tells listeners which topics changed in the store, whichever process wrote them. */
export interface StoreWatcher {
  /**
   * Calls `listener` with each changed topic until the returned function is called. Resolves
   * once the store has been read after subscribing: any write from then on is reported.
   */
  subscribe(listener: (topic: ChangeTopic) => void): Promise<() => void>;
}

/**
 * Polls the store's change marks every `intervalMs` while anyone listens (one poll for all
 * listeners of this process, none while nobody listens). Polling works the same on libSQL and
 * PostgreSQL, and sees writes of other workbench processes, CLI runs and workers alike.
 */
export function watchStore(store: Store, intervalMs: number): StoreWatcher {
  const listeners = new Set<(topic: ChangeTopic) => void>();
  let waiting: (() => void)[] = [];
  let last: ChangeMarks | undefined;
  let looping = false;
  const read = async () => {
    const woken = waiting;
    waiting = [];
    try {
      const marks = await store.changes();
      if (last !== undefined) {
        for (const topic of Object.keys(marks) as ChangeTopic[]) {
          if (marks[topic] !== last[topic]) for (const listener of listeners) listener(topic);
        }
      }
      last = marks;
    } catch {
      // The store is briefly unreachable (a restart, a closed store): the next reading tries again.
    }
    for (const wake of woken) wake();
  };
  const loop = async () => {
    looping = true;
    while (listeners.size > 0) {
      await read();
      if (listeners.size > 0) await sleep(intervalMs, undefined, { ref: false });
    }
    looping = false;
    last = undefined;
  };
  return {
    async subscribe(listener) {
      const ready = new Promise<void>((resolve) => waiting.push(resolve));
      listeners.add(listener);
      if (!looping) void loop();
      await ready;
      return () => listeners.delete(listener);
    },
  };
}
