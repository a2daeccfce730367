import { FlywheelError } from "./flywheel-error.js";

/** A config file or environment variable has a value of the wrong shape. */
export class ConfigError extends FlywheelError {
  /** The file the bad value came from, or `environment`. */
  readonly file: string;
  /** Dotted path of the bad key, e.g. `providers.openai.baseURL`. */
  readonly key: string;
  constructor(options: { file: string; key: string; found: string; expected: string; hint?: string }) {
    const where = options.key === "" ? options.file : `${options.file}: ${options.key}`;
    super({
      code: "config-invalid",
      message: `${where}: expected ${options.expected}, found ${options.found}`,
      hint: options.hint ?? `fix \`${options.key || "the file"}\` in ${options.file}`,
    });
    this.name = "ConfigError";
    this.file = options.file;
    this.key = options.key;
  }
}

/**
 * A command was called with wrong arguments or options. Without a hint, the CLI says how
 * to see the command's usage.
 */
export class UsageError extends FlywheelError {
  constructor(message: string, hint?: string) {
    super({ code: "usage", message, hint });
    this.name = "UsageError";
  }
}

/** A model id names a provider that is neither built in nor configured. */
export class UnknownProviderError extends FlywheelError {
  readonly provider: string;
  constructor(options: { provider: string; modelId: string; known: string[] }) {
    super({
      code: "unknown-provider",
      message: `unknown provider "${options.provider}" in model id "${options.modelId}"`,
      hint: `use one of ${options.known.map((name) => `${name}:`).join(", ")} or add "${options.provider}" under providers in flywheel.config.yaml`,
    });
    this.name = "UnknownProviderError";
    this.provider = options.provider;
  }
}

/** A model id is malformed, or names a model that the provider does not have. */
export class UnknownModelError extends FlywheelError {
  readonly modelId: string;
  constructor(options: { modelId: string; reason: string; hint?: string }) {
    super({
      code: "unknown-model",
      message: `unknown model "${options.modelId}": ${options.reason}`,
      hint: options.hint ?? "model ids look like provider:model, e.g. openai:gpt-4o-mini; run `flywheel models list`",
    });
    this.name = "UnknownModelError";
    this.modelId = options.modelId;
  }
}

/** A hosted provider needs an API key and none was found. */
export class MissingApiKeyError extends FlywheelError {
  readonly provider: string;
  constructor(options: { provider: string; environmentVariable: string }) {
    super({
      code: "missing-api-key",
      message: `no API key for provider "${options.provider}"`,
      hint: `set ${options.environmentVariable} in the environment, or apiKeyEnv under providers.${options.provider} in flywheel.config.yaml`,
    });
    this.name = "MissingApiKeyError";
    this.provider = options.provider;
  }
}

/** The provider's base URL could not be reached (refused, DNS failure, reset). */
export class ProviderUnreachableError extends FlywheelError {
  readonly url: string;
  constructor(options: { provider: string; url: string; cause?: unknown }) {
    super({
      code: "provider-unreachable",
      message: `cannot reach provider "${options.provider}" at ${options.url}`,
      hint: "check that the server is running and the base URL (e.g. OPENAI_BASE_URL) is right",
      cause: options.cause,
    });
    this.name = "ProviderUnreachableError";
    this.url = options.url;
  }
}

/** The input does not fit in the model's context window. */
export class ContextLengthError extends FlywheelError {
  readonly modelId: string;
  readonly contextWindow: number | undefined;
  readonly inputTokens: number | undefined;
  constructor(options: { modelId: string; contextWindow?: number; inputTokens?: number; cause?: unknown }) {
    const size =
      options.inputTokens !== undefined && options.contextWindow !== undefined
        ? ` (about ${options.inputTokens} tokens; the model takes ${options.contextWindow})`
        : "";
    super({
      code: "context-length-exceeded",
      message: `the input is longer than the context window of ${options.modelId}${size}`,
      hint: "shorten the input, or choose a model with a longer context window",
      cause: options.cause,
    });
    this.name = "ContextLengthError";
    this.modelId = options.modelId;
    this.contextWindow = options.contextWindow;
    this.inputTokens = options.inputTokens;
  }
}

/** A provider answered a model call with an error status or an unreadable body. */
export class ModelCallError extends FlywheelError {
  readonly modelId: string;
  readonly statusCode: number | undefined;
  readonly isRetryable: boolean;
  /** How many attempts were made before giving up. */
  readonly attempts: number;
  constructor(options: {
    modelId: string;
    message: string;
    statusCode?: number;
    isRetryable?: boolean;
    attempts?: number;
    hint?: string;
    cause?: unknown;
  }) {
    super({
      code: "model-call-failed",
      message: `${options.modelId}: ${options.message}`,
      hint: options.hint,
      cause: options.cause,
    });
    this.name = "ModelCallError";
    this.modelId = options.modelId;
    this.statusCode = options.statusCode;
    this.isRetryable = options.isRetryable ?? false;
    this.attempts = options.attempts ?? 1;
  }
}

/** An operation took longer than its time limit. */
export class TimeoutError extends FlywheelError {
  readonly timeoutMs: number;
  constructor(options: { what: string; timeoutMs: number; hint?: string }) {
    super({
      code: "timeout",
      message: `${options.what} timed out after ${options.timeoutMs} ms`,
      hint: options.hint ?? "raise the timeout (requestTimeoutMs in flywheel.config.yaml) or check the server",
    });
    this.name = "TimeoutError";
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller cancelled (Ctrl-C or an aborted signal). */
export class CancelledError extends FlywheelError {
  constructor(what = "the operation") {
    super({ code: "cancelled", message: `${what} was cancelled` });
    this.name = "CancelledError";
  }
}

/** A budget the caller set is spent, so no more work of that kind starts. */
export class BudgetExhaustedError extends FlywheelError {
  constructor(options: { message: string; hint: string }) {
    super({ code: "budget-exhausted", message: options.message, hint: options.hint });
    this.name = "BudgetExhaustedError";
  }
}

/** The store could not be opened, migrated or written. */
export class StoreError extends FlywheelError {
  constructor(options: { message: string; hint?: string; cause?: unknown }) {
    super({ code: "store-failed", message: options.message, hint: options.hint, cause: options.cause });
    this.name = "StoreError";
  }
}

/**
 * The database server cannot be reached (down, restarting, network gone): the statement did
 * not run, so a read or an idempotent write may be retried once it is back.
 */
export class StoreUnavailableError extends FlywheelError {
  constructor(options: { message: string; cause?: unknown }) {
    super({ code: "store-unavailable", message: options.message, hint: "check that the database server is running and reachable, then retry", cause: options.cause });
    this.name = "StoreUnavailableError";
  }
}

/** `db copy` will not write into a destination that holds other data or another copy. */
export class CopyRefusedError extends FlywheelError {
  constructor(options: { message: string; hint: string }) {
    super({ code: "copy-refused", message: options.message, hint: options.hint });
    this.name = "CopyRefusedError";
  }
}

/** After a copy, a table's row count or content hash differs between source and destination. */
export class CopyMismatchError extends FlywheelError {
  constructor(options: { tables: string[] }) {
    super({
      code: "copy-mismatch",
      message: `the copy differs from the source in ${options.tables.join(", ")}`,
      hint: "stop every process writing to the source, then run the copy again with --force",
    });
    this.name = "CopyMismatchError";
  }
}

/** A collection asks for a vector index kind that the store's engine cannot serve (DiskANN on PostgreSQL). */
export class VectorIndexUnsupportedError extends FlywheelError {
  constructor(options: { kind: string; engine: string; supported: readonly string[] }) {
    super({
      code: "vector-index-unsupported",
      message: `vector index "${options.kind}" is not available on ${options.engine}`,
      hint: `use one of ${options.supported.join(", ")} (rag.vectorIndex in flywheel.config.yaml or --vector-index)`,
    });
    this.name = "VectorIndexUnsupportedError";
  }
}

/** A named thing (trace, run, collection, model) does not exist. */
export class NotFoundError extends FlywheelError {
  constructor(options: { what: string; id: string; hint?: string }) {
    super({ code: "not-found", message: `no ${options.what} "${options.id}"`, hint: options.hint });
    this.name = "NotFoundError";
  }
}
