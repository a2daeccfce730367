import { useEffect, useState } from "react";
import { getForEvents } from "./api/server-sent-events.js";

const RECONNECT_MS = 3000;

/**
 * A counter that goes up whenever `/api/events` reports a change to `topic` (`traces`,
 * `feedback`, `evals`, `radar`), whichever process wrote it, and once each time the stream starts
 * listening: put it in a resource's key to reload. Reconnects after a dropped stream.
 */
export function useStoreChanges(topic: string): number {
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    void (async () => {
      while (!controller.signal.aborted) {
        try {
          for await (const event of getForEvents("/api/events", controller.signal)) {
            // `ready` too: whatever was written before the stream began listening is loaded then.
            if (event.event === topic || event.event === "ready") setChanges((value) => value + 1);
          }
        } catch {
          // Dropped or refused: try again shortly.
        }
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    })();
    return () => controller.abort();
  }, [topic]);
  return changes;
}
