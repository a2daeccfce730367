/** Limits for one group of work (one target). */
export interface GroupLimits {
  /** Most items of the group in flight at once. */
  concurrency?: number;
  /** Most starts a minute. */
  perMinute?: number;
}

/** Options for `runScheduled`. */
export interface ScheduleOptions<T> {
  /** Most items in flight at once, over all groups. */
  concurrency: number;
  /** The group of an item (a target id). */
  groupOf: (item: T) => string;
  /** Limits of a group. */
  limitsOf: (group: string) => GroupLimits;
  /** When aborted, no new item starts; items in flight finish (they see the same signal). */
  signal: AbortSignal;
  /** Does one item; must not throw (record failures in its result). */
  run: (item: T) => Promise<void>;
}

interface GroupState {
  queue: unknown[];
  active: number;
  nextStart: number;
}

/**
 * Runs items with a global concurrency limit plus each group's own concurrency and
 * rate limit. Groups take turns, so one slow or rate-limited target never starves the
 * others; within a group, items start in the order given.
 */
export function runScheduled<T>(items: readonly T[], options: ScheduleOptions<T>): Promise<void> {
  const groups = new Map<string, GroupState>();
  for (const item of items) {
    const name = options.groupOf(item);
    let state = groups.get(name);
    if (state === undefined) groups.set(name, (state = { queue: [], active: 0, nextStart: 0 }));
    state.queue.push(item);
  }
  const order = [...groups.keys()];
  let cursor = 0;
  let active = 0;
  let timer: NodeJS.Timeout | undefined;
  return new Promise((resolve) => {
    const finished = () => active === 0 && (options.signal.aborted || order.every((name) => groups.get(name)!.queue.length === 0));
    const pump = () => {
      timer = undefined;
      let earliestWait = Number.POSITIVE_INFINITY;
      let progressed = true;
      while (progressed && active < options.concurrency && !options.signal.aborted) {
        progressed = false;
        for (let step = 0; step < order.length && active < options.concurrency; step += 1) {
          const name = order[(cursor + step) % order.length]!;
          const state = groups.get(name)!;
          if (state.queue.length === 0) continue;
          const limits = options.limitsOf(name);
          if (limits.concurrency !== undefined && state.active >= limits.concurrency) continue;
          const now = Date.now();
          if (state.nextStart > now) {
            earliestWait = Math.min(earliestWait, state.nextStart - now);
            continue;
          }
          if (limits.perMinute !== undefined) state.nextStart = now + 60_000 / limits.perMinute;
          const item = state.queue.shift() as T;
          state.active += 1;
          active += 1;
          progressed = true;
          cursor = (cursor + step + 1) % order.length;
          void options.run(item).finally(() => {
            state.active -= 1;
            active -= 1;
            if (finished()) resolve();
            else if (timer === undefined) pump();
          });
          break;
        }
      }
      if (finished()) resolve();
      else if (Number.isFinite(earliestWait) && timer === undefined && active < options.concurrency) timer = setTimeout(pump, earliestWait);
    };
    options.signal.addEventListener("abort", () => {
      if (timer !== undefined) clearTimeout(timer);
      if (finished()) resolve();
    }, { once: true });
    pump();
  });
}
