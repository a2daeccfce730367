/**
 * Who has to act on an error. It decides the CLI's exit code:
 * - `usage`: the command or request was called wrongly (arguments, options, body); fix the call.
 * - `config`: the config file or the environment is wrong or incomplete; fix the config.
 * - `user`: the input names something that does not exist or cannot be used; fix the input.
 * - `third-party`: a provider, registry or server outside Flywheel failed; retry or check it.
 * - `system`: the machine (disk, an installed tool) or Flywheel itself failed.
 * - `cancelled`: the caller stopped the work (Ctrl-C, an aborted signal).
 */
export type ErrorCategory = "usage" | "config" | "user" | "third-party" | "system" | "cancelled";

/** Exit codes of the CLI by category: 0 ok, 1 failure, 2 usage or config error, 130 cancelled. */
export const exitCodeByCategory: Readonly<Record<ErrorCategory, number>> = {
  usage: 2,
  config: 2,
  user: 1,
  "third-party": 1,
  system: 1,
  cancelled: 130,
};

/** What the registry records for one code: who must act, and the HTTP status the server answers with. */
export interface ErrorCodeEntry {
  readonly category: ErrorCategory;
  readonly httpStatus: number;
}

const entry = (category: ErrorCategory, httpStatus: number): ErrorCodeEntry => ({ category, httpStatus });

/**
 * Every stable error code: code -> category -> HTTP status (the exit code follows from the
 * category). A `FlywheelError` can only carry a code listed here; a test checks that every
 * code thrown in the source is registered.
 */
export const errorCodes = {
  // Calls and requests.
  usage: entry("usage", 400),
  "invalid-request": entry("usage", 400),
  "invalid-json": entry("usage", 400),
  "unsupported-media-type": entry("usage", 415),
  "payload-too-large": entry("usage", 413),
  unauthorized: entry("usage", 401),
  "forbidden-host": entry("usage", 403),
  "forbidden-origin": entry("usage", 403),
  "forbidden-scope": entry("usage", 403),
  "unknown-tool": entry("usage", 400),
  // Config and environment.
  "config-invalid": entry("config", 400),
  "unknown-provider": entry("config", 400),
  "missing-api-key": entry("config", 400),
  "tool-not-configured": entry("config", 400),
  "budget-unenforceable": entry("config", 400),
  "vector-index-unsupported": entry("config", 400),
  // Input: something named does not exist, or holds what cannot be used.
  "not-found": entry("user", 404),
  "unknown-model": entry("user", 404),
  "context-length-exceeded": entry("user", 400),
  "missing-variable": entry("user", 400),
  "collection-not-found": entry("user", 404),
  "collection-empty": entry("user", 409),
  "embedding-model-mismatch": entry("user", 409),
  "document-unreadable": entry("user", 422),
  "dataset-not-found": entry("user", 404),
  "unknown-prompt": entry("user", 404),
  "unknown-plugin": entry("usage", 400),
  "unknown-strategy": entry("usage", 400),
  "unknown-experiment": entry("user", 404),
  "missing-unit": entry("usage", 400),
  "unknown-variant": entry("user", 404),
  "dataset-too-small": entry("user", 422),
  "dataset-empty": entry("user", 422),
  "dataset-import-failed": entry("user", 422),
  "job-not-found": entry("user", 404),
  "token-not-found": entry("user", 404),
  "token-exists": entry("user", 409),
  "model-not-pulled": entry("user", 409),
  "cross-encoder-unreadable": entry("user", 422),
  "rerank-method-unsupported": entry("user", 422),
  "package-not-found": entry("user", 404),
  "unsupported-model-source": entry("user", 422),
  "finetune-setup-required": entry("user", 409),
  "unsupported-base-model": entry("user", 422),
  "finetune-api-failed": entry("user", 422),
  "budget-exhausted": entry("user", 429),
  // Agent tools: the message goes back to the model; these reach a person only through code.
  "path-outside-root": entry("user", 403),
  "network-refused": entry("user", 403),
  "file-not-found": entry("user", 404),
  "not-a-file": entry("user", 422),
  "not-a-folder": entry("user", 422),
  "binary-file": entry("user", 422),
  "calculator-invalid": entry("user", 422),
  "sandbox-error": entry("user", 422),
  "sandbox-timeout": entry("user", 422),
  "sandbox-memory": entry("user", 422),
  "transform-failed": entry("user", 422),
  // Providers, registries and servers outside Flywheel.
  "provider-unreachable": entry("third-party", 502),
  "model-call-failed": entry("third-party", 502),
  "model-list-failed": entry("third-party", 502),
  timeout: entry("third-party", 504),
  "mcp-connection-failed": entry("third-party", 502),
  "mcp-tool-error": entry("third-party", 502),
  "target-failed": entry("third-party", 502),
  "target-unreachable": entry("third-party", 502),
  "attacker-refused": entry("third-party", 502),
  "model-download-failed": entry("third-party", 502),
  "model-pull-failed": entry("third-party", 502),
  "package-registry-failed": entry("third-party", 502),
  "webhook-failed": entry("third-party", 502),
  "finetune-api-unavailable": entry("third-party", 502),
  "feed-unreachable": entry("third-party", 502),
  "feed-http-error": entry("third-party", 502),
  "feed-too-large": entry("third-party", 502),
  "feed-malformed": entry("third-party", 502),
  "feed-not-a-feed": entry("third-party", 502),
  // The machine, or Flywheel itself.
  internal: entry("system", 500),
  "not-implemented": entry("system", 501),
  "install-incomplete": entry("system", 500),
  "store-failed": entry("system", 500),
  "store-unavailable": entry("third-party", 503),
  "copy-refused": entry("user", 409),
  "copy-mismatch": entry("system", 500),
  "model-hash-mismatch": entry("system", 500),
  "model-store-disk": entry("system", 500),
  "pip-missing": entry("system", 500),
  "python-missing": entry("system", 500),
  "finetune-setup-failed": entry("system", 500),
  "training-failed": entry("system", 500),
  "training-out-of-memory": entry("system", 500),
  "training-worker-crashed": entry("system", 500),
  // Stopped on purpose.
  cancelled: entry("cancelled", 499),
  "job-detached": entry("cancelled", 499),
  "job-failed": entry("system", 500),
} as const satisfies Record<string, ErrorCodeEntry>;

/** A registered error code. */
export type ErrorCode = keyof typeof errorCodes;

/** Whether `code` is registered. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCodes, code);
}

/** The registry entry of a code; a code that plain JavaScript made up counts as `internal`. */
export function errorCodeEntry(code: string): ErrorCodeEntry {
  return isErrorCode(code) ? errorCodes[code] : errorCodes.internal;
}
