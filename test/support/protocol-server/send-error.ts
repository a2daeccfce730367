import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { ErrorSpec } from "./reply-spec.js";
import { sendJson } from "./send-json.js";

/** Sends an HTTP error in a protocol's body shape, with `Retry-After` / `retry-after-ms` when the error asks for them. */
export function sendError(response: ServerResponse, error: ErrorSpec, errorBody: (error: ErrorSpec) => unknown): void {
  const headers: OutgoingHttpHeaders = {};
  if (error.retryAfterSeconds !== undefined) headers["retry-after"] = String(error.retryAfterSeconds);
  if (error.retryAfterMs !== undefined) headers["retry-after-ms"] = String(error.retryAfterMs);
  sendJson(response, error.status, errorBody(error), headers);
}
