import { redactSecrets } from "../secrets/index.js";

const marker = Symbol.for("flywheel.error");

/** Who has to act on an error: the user (fix input or config), a third party (a provider), or us. */
export type ErrorCategory = "user" | "third-party" | "system";

/** Options shared by every Flywheel error. */
export interface FlywheelErrorOptions {
  /** Stable machine-readable code, e.g. `config-invalid`. */
  code: string;
  /** What went wrong, in the user's terms. */
  message: string;
  /** How to fix it. */
  hint?: string;
  /** Who has to act. Defaults to `user`. */
  category?: ErrorCategory;
  /** The underlying error, kept for `--debug` output. */
  cause?: unknown;
}

/**
 * Base of every error Flywheel throws on purpose. Carries a stable `code`, a `hint`
 * that says how to fix it, and never a secret: messages and hints are redacted on
 * construction. Use `FlywheelError.isInstance()` rather than `instanceof`, which
 * fails across two copies of the package.
 */
export class FlywheelError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly category: ErrorCategory;

  constructor(options: FlywheelErrorOptions) {
    super(redactSecrets(options.message), { cause: options.cause });
    this.name = "FlywheelError";
    this.code = options.code;
    this.hint = options.hint === undefined ? undefined : redactSecrets(options.hint);
    this.category = options.category ?? "user";
    Object.defineProperty(this, marker, { value: true });
  }

  /** True for any Flywheel error, from any copy of the package. */
  static isInstance(error: unknown): error is FlywheelError {
    return typeof error === "object" && error !== null && marker in error;
  }

  /** The shape the CLI (`--json`) and the HTTP API print. */
  toJSON(): { name: string; code: string; message: string; hint?: string; category: ErrorCategory } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      category: this.category,
    };
  }
}
