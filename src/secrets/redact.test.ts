import { describe, expect, it } from "vitest";
import { redactDeep, redactSecrets, registerSecret } from "./redact.js";

describe("redactSecrets", () => {
  it("removes registered secrets wherever they appear", () => {
    registerSecret("canary-secret-value-123");
    expect(redactSecrets("key=canary-secret-value-123;")).toBe("key=[REDACTED];");
  });

  it("removes key-shaped strings and bearer tokens", () => {
    expect(redactSecrets("use sk-proj-abcdefghijklmnopqrstuv now")).toBe("use [REDACTED] now");
    expect(redactSecrets("Authorization: Bearer abcdefghijklmnopqrstuvwxyz")).toBe("Authorization: Bearer [REDACTED]");
    expect(redactSecrets("ghp_abcdefghijklmnopqrstuvwxyz0123")).toBe("[REDACTED]");
  });

  it("leaves ordinary text alone", () => {
    expect(redactSecrets("the skeleton key opened the task-list")).toBe("the skeleton key opened the task-list");
  });

  it("redacts nested values", () => {
    registerSecret("another-canary-456789");
    expect(redactDeep({ a: ["x another-canary-456789"], b: { c: 1 } })).toEqual({ a: ["x [REDACTED]"], b: { c: 1 } });
  });
});
