import { describe, expect, it } from "vitest";
import { redactSecrets, registerSecret } from "./redact.js";
import { createStreamRedactor } from "./stream-redactor.js";

/** Streams `text` in pieces of `size` characters and joins what the redactor sends. */
function streamed(text: string, size: number, holdBack?: number): { sent: string; pieces: string[] } {
  const redactor = createStreamRedactor({ holdBack });
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(redactor.push(text.slice(start, start + size)));
  pieces.push(redactor.flush());
  return { sent: pieces.join(""), pieces };
}

describe("createStreamRedactor", () => {
  const secret = "my registered secret 42!";
  registerSecret(secret);
  const text = [
    "Here is the key you asked for: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789.",
    `And the config value "${secret}" as well,`,
    "plus Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123 and ghp_abcdefghijklmnopqrstuvwxyz0123;",
    "that is all. ".repeat(40),
  ].join(" ");

  it("never sends a secret, whatever the piece size, and sends what redacting the whole text would", () => {
    for (const size of [1, 2, 3, 5, 7, 16, 33, 100, 1000]) {
      for (const holdBack of [32, undefined]) {
        const { sent, pieces } = streamed(text, size, holdBack);
        expect(sent, `pieces of ${size}, hold ${holdBack}`).toBe(redactSecrets(text));
        for (const leak of ["abcdefghij", "registered secret", "sk-proj"]) expect(pieces.join("\u0000"), `${leak} in pieces of ${size}`).not.toContain(leak);
      }
    }
  });

  it("sends ordinary text as it comes, holding back only a tail", () => {
    const { pieces } = streamed("word ".repeat(200), 5, 32);
    expect(pieces.filter((piece) => piece !== "").length).toBeGreaterThan(150);
  });

  it("redacts a secret split across pieces, releasing ordinary text at once", () => {
    registerSecret("streamed-canary-0a1b2c3d");
    const redactor = createStreamRedactor({ holdBack: 0 });
    const pieces = ["your key is stre", "amed-canary-0a1b", "2c3d, keep it", " safe"];
    const written = pieces.map((piece) => redactor.push(piece));
    expect(written).toEqual(["your key is ", "", "[REDACTED], keep ", "it "]);
    expect(redactor.flush()).toBe("safe");
    expect(redactor.flush()).toBe("");
  });

  it("never sends a name-and-value secret split after its name", () => {
    const cases = [
      ["-----BEGIN ", "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAzsecretbody0123456789\n-----END RSA PRIVATE KEY-----\n done"],
      ["the password ", "= hunter2secret ok"],
      ['{"private_key_id": ', '"0123456789abcdef0123456789abcdef01234567"} done'],
    ];
    for (const [first, second] of cases) {
      const redactor = createStreamRedactor({ holdBack: 0 });
      const sent = redactor.push(first!) + redactor.push(second!) + redactor.flush();
      expect(sent).toBe(redactSecrets(first! + second!));
      expect(sent).not.toMatch(/secretbody|hunter2secret|0123456789abcdef0123/);
    }
  });
});
