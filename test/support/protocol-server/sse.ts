// Server-sent-event framing and writing, with optional delays between frames.
import type { ServerResponse } from "node:http";
import type { Delays } from "./delays.js";

/** An SSE frame with only a `data:` line. */
export function sseData(data: string): string {
  return `data: ${data}\n\n`;
}

/** An SSE frame with an `event:` line and a `data:` line (Anthropic style). */
export function sseEvent(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}

/** Timing for `writeSse`. */
export interface SseTiming {
  /** Wait before the first frame (headers are already sent). */
  firstDelayMs: number;
  /** Wait between frames. */
  chunkDelayMs: number;
  /** The server's cancellable timers. */
  delays: Delays;
}

const sseHeaders = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" };

/**
 * Sends frames as a 200 `text/event-stream`. Without delays the whole stream
 * goes out in one write; with delays, frames go one by one and writing stops
 * as soon as the client disconnects or the server closes.
 */
export async function writeSse(response: ServerResponse, frames: readonly string[], timing: SseTiming): Promise<void> {
  if (timing.firstDelayMs <= 0 && timing.chunkDelayMs <= 0) {
    response.writeHead(200, sseHeaders);
    response.end(frames.join(""));
    return;
  }
  response.writeHead(200, sseHeaders);
  response.flushHeaders();
  for (let index = 0; index < frames.length; index++) {
    const delayMs = index === 0 ? timing.firstDelayMs : timing.chunkDelayMs;
    if (delayMs > 0 && !(await timing.delays.wait(delayMs))) return;
    if (isGone(response)) return;
    response.write(frames[index]);
  }
  response.end();
}

/** Whether the client is gone or the response already finished, so nothing more may be written. */
export function isGone(response: ServerResponse): boolean {
  return response.writableEnded || response.destroyed || response.socket === null || response.socket.destroyed;
}
