import { redactSecrets } from "../secrets/index.js";
import { errorCodeEntry } from "./error-codes.js";
import type { ErrorCategory, ErrorCode } from "./error-codes.js";

const marker = Symbol.for("flywheel.error");

/** Options shared by every Flywheel error. */
export interface FlywheelErrorOptions {
  /** Stable machine-readable code from the registry (`errorCodes`), e.g. `config-invalid`. */
  code: ErrorCode;
  /** What went wrong, in the user's terms. */
  message: string;
  /** How to fix it. */
  hint?: string;
  /** The underlying error, kept for `--debug` output. */
  cause?: unknown;
}

/**
 * Base of every error Flywheel throws on purpose. Carries a stable, registered `code` (the
 * registry gives its category, exit code and HTTP status), a `hint` that says how to fix it,
 * and never a secret: messages and hints are redacted on construction. Use
 * `FlywheelError.isInstance()` rather than `instanceof`, which fails across two copies of the
 * package.
 */
export class FlywheelError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Who has to act, from the registry; it decides the exit code and the HTTP status. */
  readonly category: ErrorCategory;

  constructor(options: FlywheelErrorOptions) {
    super(redactSecrets(options.message), { cause: options.cause });
    this.name = "FlywheelError";
    this.code = options.code;
    this.hint = options.hint === undefined ? undefined : redactSecrets(options.hint);
    this.category = errorCodeEntry(options.code).category;
    Object.defineProperty(this, marker, { value: true });
  }

  /** True for any Flywheel error, from any copy of the package. */
  static isInstance(error: unknown): error is FlywheelError {
    return typeof error === "object" && error !== null && marker in error;
  }

  /** The shape the CLI (`--json`) and the HTTP API print. */
  toJSON(): { name: string; code: ErrorCode; message: string; hint?: string; category: ErrorCategory } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      category: this.category,
    };
  }
}
