// Secrets: registration of known secret values and redaction of those values and
// of key-shaped strings, applied wherever text leaves the process (traces, logs,
// errors, the store, reports, exports, uploads, OTLP and HTTP responses).
export { registerSecret, redactSecrets, redactDeep, replaceSecrets } from "./redact.js";
export { registerHeaderSecrets, isDescriptiveHeader } from "./register-header-secrets.js";
export { createStreamRedactor } from "./stream-redactor.js";
export type { StreamRedactor, StreamRedactorOptions } from "./stream-redactor.js";
