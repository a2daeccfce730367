import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ChangeTopic } from "../../store/index.js";
import type { StoreWatcher } from "../store-watcher.js";

/**
 * `GET /api/events`: server-sent events naming what changed in the store (`traces`, `feedback`,
 * `evals`, `radar`), whichever process wrote it, so a page refreshes what it shows. A `ready` event comes
 * first, once every later write will be reported.
 */
export function eventRoutes(watcher: StoreWatcher): Hono {
  const app = new Hono();
  app.get("/", (context) =>
    streamSSE(context, async (stream) => {
      const changed: ChangeTopic[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = await watcher.subscribe((topic) => {
        changed.push(topic);
        wake?.();
      });
      stream.onAbort(() => wake?.());
      try {
        await stream.writeSSE({ event: "ready", data: "{}" });
        while (!stream.aborted) {
          if (changed.length === 0) await new Promise<void>((resolve) => (wake = resolve));
          for (const topic of changed.splice(0)) await stream.writeSSE({ event: topic, data: JSON.stringify({ topic }) });
        }
      } finally {
        unsubscribe();
      }
    }),
  );
  return app;
}
