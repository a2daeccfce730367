// The errors real providers send for each failure, with their real messages,
// types and codes, so client code sees what it would see in production.
import type { Protocol } from "./normalized-request.js";
import type { ErrorSpec } from "./reply-spec.js";

/** HTTP 429 with `Retry-After: 1`. */
export function rateLimitError(protocol: Protocol, model: string): ErrorSpec {
  return protocol === "openai"
    ? {
        status: 429,
        type: "requests",
        code: "rate_limit_exceeded",
        message: `Rate limit reached for ${model} in organization org-protocol-server on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        retryAfterSeconds: 1,
      }
    : {
        status: 429,
        type: "rate_limit_error",
        message: "This request would exceed the rate limit for your organization of 50 requests per minute. Please try again later.",
        retryAfterSeconds: 1,
      };
}

/** HTTP 5xx: 500 internal error, 529 (Anthropic) overloaded. */
export function serverError(protocol: Protocol, status: number): ErrorSpec {
  if (status === 529) {
    return protocol === "openai"
      ? { status, type: "server_error", message: "The engine is currently overloaded, please try again later." }
      : { status, type: "overloaded_error", message: "Overloaded" };
  }
  return protocol === "openai"
    ? { status, type: "server_error", message: "The server had an error while processing your request. Sorry about that!" }
    : { status, type: "api_error", message: "Internal server error" };
}

/** HTTP 400 invalid request. */
export function invalidRequestError(message: string): ErrorSpec {
  return { status: 400, type: "invalid_request_error", message };
}

/** HTTP 404 for a model that does not exist. */
export function modelNotFoundError(protocol: Protocol, model: string): ErrorSpec {
  return protocol === "openai"
    ? {
        status: 404,
        type: "invalid_request_error",
        code: "model_not_found",
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
      }
    : { status: 404, type: "not_found_error", message: `model: ${model}` };
}

/** HTTP 400 for a prompt longer than the model's context window. */
export function contextLengthError(protocol: Protocol, limitTokens: number, promptTokens: number): ErrorSpec {
  return protocol === "openai"
    ? {
        status: 400,
        type: "invalid_request_error",
        code: "context_length_exceeded",
        param: "messages",
        message: `This model's maximum context length is ${limitTokens} tokens. However, your messages resulted in ${promptTokens} tokens. Please reduce the length of the messages.`,
      }
    : { status: 400, type: "invalid_request_error", message: `prompt is too long: ${promptTokens} tokens > ${limitTokens} maximum` };
}
