// Errors: one FlywheelError base with a registered code and a hint, the registry that maps
// each code to its category, exit code and HTTP status, and the named errors that callers
// react to. Every message is redacted of secrets.
export { FlywheelError } from "./flywheel-error.js";
export type { FlywheelErrorOptions } from "./flywheel-error.js";
export { errorCodes, errorCodeEntry, exitCodeByCategory, isErrorCode } from "./error-codes.js";
export type { ErrorCategory, ErrorCode, ErrorCodeEntry } from "./error-codes.js";
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
  BudgetExhaustedError,
  StoreError,
  StoreUnavailableError,
  CopyRefusedError,
  CopyMismatchError,
  NotFoundError,
  VectorIndexUnsupportedError,
} from "./named-errors.js";
export { toFlywheelError } from "./to-flywheel-error.js";
