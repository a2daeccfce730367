import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorCodeEntry, toFlywheelError } from "../errors/index.js";

/**
 * Answers any error as `{ error: { message, type, code, hint } }`, the OpenAI error shape that
 * clients parse, with the HTTP status the error registry gives its code. A 500 hides the
 * message from the client and logs it.
 */
export function errorResponse(context: Context, error: unknown): Response {
  const flywheelError = toFlywheelError(error);
  const status = errorCodeEntry(flywheelError.code).httpStatus as ContentfulStatusCode;
  const type = status >= 500 ? "server_error" : "invalid_request_error";
  const message = status === 500 ? "internal error (see the server log)" : flywheelError.message;
  if (status === 500) console.error(`error: ${flywheelError.message}`);
  return context.json({ error: { message, type, code: flywheelError.code, ...(flywheelError.hint === undefined ? {} : { hint: flywheelError.hint }) } }, status);
}
