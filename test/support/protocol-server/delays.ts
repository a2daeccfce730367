/**
 * Timers the server can cancel all at once, so `close()` resolves promptly
 * even while replies are waiting out `latencyMs`, `slow-<ms>` or chunk delays.
 */
export class Delays {
  private readonly pending = new Map<NodeJS.Timeout, (elapsed: boolean) => void>();
  private cancelled = false;

  /** Resolves `true` after `ms`, or `false` at once if the server closed meanwhile. */
  wait(ms: number): Promise<boolean> {
    if (this.cancelled) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  /** Ends every pending wait with `false` and makes later waits end at once. */
  cancelAll(): void {
    this.cancelled = true;
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve(false);
    }
    this.pending.clear();
  }
}
