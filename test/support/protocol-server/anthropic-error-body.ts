import type { ErrorSpec } from "./reply-spec.js";

const typesByStatus: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/** The Anthropic error body: `{"type":"error","error":{"type","message"}}`, type defaulted from the status. */
export function anthropicErrorBody(error: ErrorSpec): unknown {
  const type = error.type ?? typesByStatus[error.status] ?? (error.status >= 500 ? "api_error" : "invalid_request_error");
  return { type: "error", error: { type, message: error.message } };
}
