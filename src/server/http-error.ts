import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { FlywheelError, toFlywheelError } from "../errors/index.js";

/** An error with the HTTP status to answer it with. */
export class HttpError extends FlywheelError {
  readonly status: ContentfulStatusCode;
  constructor(status: ContentfulStatusCode, code: string, message: string, hint?: string) {
    super({ code, message, hint });
    this.name = "HttpError";
    this.status = status;
  }
}

const statusByCode: Record<string, ContentfulStatusCode> = {
  usage: 400,
  "config-invalid": 400,
  "unknown-provider": 400,
  "unknown-model": 404,
  "not-found": 404,
  "collection-not-found": 404,
  "collection-empty": 409,
  "embedding-model-mismatch": 409,
  "missing-api-key": 400,
  "context-length-exceeded": 400,
  "model-call-failed": 502,
  "provider-unreachable": 502,
  timeout: 504,
  cancelled: 499 as ContentfulStatusCode,
};

/** Answers any error as `{ error: { message, type, code, hint } }`, the OpenAI error shape that clients parse. */
export function errorResponse(context: Context, error: unknown): Response {
  const flywheelError = toFlywheelError(error);
  const status = error instanceof HttpError ? error.status : (statusByCode[flywheelError.code] ?? 500);
  const type = status >= 500 ? "server_error" : "invalid_request_error";
  const message = status === 500 ? "internal error (see the server log)" : flywheelError.message;
  if (status === 500) console.error(`error: ${flywheelError.message}`);
  return context.json({ error: { message, type, code: flywheelError.code, ...(flywheelError.hint === undefined ? {} : { hint: flywheelError.hint }) } }, status);
}
