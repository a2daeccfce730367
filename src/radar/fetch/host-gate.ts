import { setTimeout as sleep } from "node:timers/promises";

/** Spaces requests to one host: the next starts no sooner than `delayMs` after the last ended. */
export interface HostGate {
  /** Waits until a request to `host` may start. */
  wait(host: string, signal?: AbortSignal): Promise<void>;
  /** Records that a request to `host` ended now. */
  done(host: string): void;
}

/** A HostGate; callers keep one request in flight per host (the gate only spaces them). */
export function createHostGate(delayMs: number): HostGate {
  const lastEnded = new Map<string, number>();
  return {
    async wait(host, signal) {
      const last = lastEnded.get(host);
      const waitMs = last === undefined ? 0 : last + delayMs - performance.now();
      if (waitMs > 0) await sleep(waitMs, undefined, { signal });
    },
    done(host) {
      lastEnded.set(host, performance.now());
    },
  };
}
