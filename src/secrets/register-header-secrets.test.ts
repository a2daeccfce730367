import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact.js";
import { registerHeaderSecrets } from "./register-header-secrets.js";

describe("registerHeaderSecrets", () => {
  it("registers header values, the credential after an auth scheme, and the environment values templates read", () => {
    registerHeaderSecrets(
      { "X-Api-Key": "header-canary-7e1f", authorization: "Bearer bearer-canary-5d2c", "x-from-env": "Token {{ env.HEADER_TOKEN }}", "content-type": "application/vnd.flywheel+json" },
      { HEADER_TOKEN: "env-canary-9a8b" },
    );
    expect(redactSecrets("header-canary-7e1f bearer-canary-5d2c env-canary-9a8b")).toBe("[REDACTED] [REDACTED] [REDACTED]");
    // Descriptive headers and template text are not secrets.
    expect(redactSecrets("application/vnd.flywheel+json Token {{ env.HEADER_TOKEN }}")).toBe("application/vnd.flywheel+json Token {{ env.HEADER_TOKEN }}");
  });
});
