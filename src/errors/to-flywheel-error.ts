import { FlywheelError } from "./flywheel-error.js";
import { CancelledError } from "./named-errors.js";

/**
 * Turns anything thrown into a FlywheelError, so that callers print one shape.
 * Errors from providers are mapped earlier, in `models/`; what reaches here
 * unmapped is an abort or a bug.
 */
export function toFlywheelError(error: unknown): FlywheelError {
  if (FlywheelError.isInstance(error)) return error;
  if (isAbortError(error)) return new CancelledError();
  const message = error instanceof Error ? error.message : String(error);
  return new FlywheelError({
    code: "internal",
    message,
    hint: "run again with --debug for the stack trace, and report it if it persists",
    cause: error,
  });
}

/** True for the errors that `AbortController.abort()` produces. */
export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "AbortError" || (error as { code?: unknown }).code === "ABORT_ERR")
  );
}
