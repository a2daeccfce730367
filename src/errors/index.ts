// Errors: one FlywheelError base with a stable code and a hint, and the named
// errors that callers react to. Every message is redacted of secrets.
export { FlywheelError } from "./flywheel-error.js";
export type { ErrorCategory, FlywheelErrorOptions } from "./flywheel-error.js";
export {
  ConfigError,
  UsageError,
  UnknownProviderError,
  UnknownModelError,
  MissingApiKeyError,
  ProviderUnreachableError,
  ContextLengthError,
  ModelCallError,
  TimeoutError,
  CancelledError,
  StoreError,
  NotFoundError,
} from "./named-errors.js";
export { toFlywheelError } from "./to-flywheel-error.js";
