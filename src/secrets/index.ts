// Secrets: registration of known secret values and redaction of those values and
// of key-shaped strings, applied wherever text leaves the process (traces, logs,
// errors, the store).
export { registerSecret, redactSecrets, redactDeep, replaceSecrets } from "./redact.js";
export { createStreamRedactor } from "./stream-redactor.js";
export type { StreamRedactor, StreamRedactorOptions } from "./stream-redactor.js";
