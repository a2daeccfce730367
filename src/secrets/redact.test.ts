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

  it("removes the key formats that secret scanners know, keeping what names the secret", () => {
    const pem = ["-----BEGIN RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEAwJ1bW9ja2tleWJvZHlvbmx5Zm9ydGVzdGluZ3B1cnBvc2VzYWJj", "ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU2Nzg5", "-----END RSA PRIVATE KEY-----"].join("\n");
    const cases: [string, string][] = [
      [`token github_pat_11ABCDEFG0123456789abc_${"Zx9".repeat(19)}xy end`, "token [REDACTED] end"],
      ["aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [REDACTED]"],
      ['{"AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}', '{"AWS_SECRET_ACCESS_KEY": "[REDACTED]"}'],
      ["charge with sk_live_4eC39HqLyjWDarjtT1zdp7dc now", "charge with [REDACTED] now"],
      [
        "jwt eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c ok",
        "jwt [REDACTED] ok",
      ],
      [`key:\n${pem}\nafter`, "key:\n[REDACTED]\nafter"],
      ["login?user=bob&password=hunter2&next=/", "login?user=bob&password=[REDACTED]&next=/"],
      ['{"db_password": "correct horse battery"}', '{"db_password": "[REDACTED]"}'],
      ['"private_key_id": "0123456789abcdef0123456789abcdef01234567",', '"private_key_id": "[REDACTED]",'],
      ["//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789", "//registry.npmjs.org/:_authToken=[REDACTED]"],
      ["twilio SK0123456789abcdef0123456789abcdef done", "twilio [REDACTED] done"],
    ];
    expect(cases.map(([input]) => redactSecrets(input))).toEqual(cases.map(([, expected]) => expected));
  });

  it("leaves ordinary text alone", () => {
    expect(redactSecrets("the skeleton key opened the task-list")).toBe("the skeleton key opened the task-list");
    expect(redactSecrets("They said the password: is on the key ring, ask at SKU 12")).toBe("They said the password: is on the key ring, ask at SKU 12");
  });

  it("redacts nested values", () => {
    registerSecret("another-canary-456789");
    expect(redactDeep({ a: ["x another-canary-456789"], b: { c: 1 } })).toEqual({ a: ["x [REDACTED]"], b: { c: 1 } });
  });
});
