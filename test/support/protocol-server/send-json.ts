import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import { isGone } from "./sse.js";

/** Sends a complete JSON response (unless the client is already gone). */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  sendBody(response, status, JSON.stringify(body), headers);
}

/** Sends a complete `application/json` response from text, which need not be valid JSON. */
export function sendBody(response: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  if (isGone(response)) return;
  response.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}
