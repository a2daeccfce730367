import type { ErrorSpec } from "./reply-spec.js";

/** The OpenAI error body: `{"error":{"message","type","param","code"}}`, type defaulted from the status. */
export function openaiErrorBody(error: ErrorSpec): unknown {
  return {
    error: {
      message: error.message,
      type: error.type ?? defaultType(error.status),
      param: error.param ?? null,
      code: error.code ?? null,
    },
  };
}

function defaultType(status: number): string {
  if (status === 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}
