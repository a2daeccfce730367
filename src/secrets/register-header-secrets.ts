import { registerSecret } from "./redact.js";

// Headers that describe a request and never carry a credential; every other configured
// header value is treated as a secret (auth headers, API-key headers, custom tokens).
const descriptiveHeaders = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "anthropic-beta",
  "anthropic-version",
  "cache-control",
  "content-language",
  "content-type",
  "openai-beta",
  "user-agent",
]);

/** True for a header that only describes the request (`content-type`, `accept`, ...) and never carries a credential. */
export function isDescriptiveHeader(name: string): boolean {
  return descriptiveHeaders.has(name.toLowerCase());
}

const environmentReference = /\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const authScheme = /^\s*(?:Bearer|Basic|Token|Bot|ApiKey)\s+(\S+)\s*$/i;

/**
 * Registers the values of configured HTTP headers as secrets: each literal value (and the
 * credential after an auth scheme such as `Bearer` on its own, as a model may echo just
 * that), and the environment value behind each `{{env.NAME}}` a value reads. Values of
 * headers that only describe the request (`content-type`, `accept`, ...) are left alone.
 */
export function registerHeaderSecrets(headers: Readonly<Record<string, string>> | undefined, env: Readonly<Record<string, string | undefined>> = {}): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (isDescriptiveHeader(name)) continue;
    for (const match of value.matchAll(environmentReference)) registerSecret(env[match[1]!]);
    // A template's literal text is not the secret; its rendered variables are registered above.
    if (value.includes("{{")) continue;
    registerSecret(value);
    registerSecret(authScheme.exec(value)?.[1]);
  }
}
