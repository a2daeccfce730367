import { useEffect, useState } from "react";
import { getForEvents } from "./api/server-sent-events.js";

const RECONNECT_MS = 3000;

/**
 * A counter that goes up whenever `/api/events` reports a change to one of `topics` (`traces`,
 * `feedback`, `evals`, `radar`, `prompts`, `experiments`), whichever process wrote it, and once each time the stream starts
 * listening: put it in a resource's key to reload. Reconnects after a dropped stream.
 */
export function useStoreChanges(...topics: string[]): number {
  const watched = topics.join(" ");
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    void (async () => {
      while (!controller.signal.aborted) {
        try {
          for await (const event of getForEvents("/api/events", controller.signal)) {
            // `ready` too: whatever was written before the stream began listening is loaded then.
            if (event.event === "ready" || topics.includes(event.event)) setChanges((value) => value + 1);
          }
        } catch {
          // Dropped or refused: try again shortly.
        }
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    })();
    return () => controller.abort();
    // `watched` states the topics; the array is a fresh one each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [watched]);
  return changes;
}
