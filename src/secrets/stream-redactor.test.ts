import { describe, expect, it } from "vitest";
import { registerSecret } from "./redact.js";
import { createStreamRedactor } from "./stream-redactor.js";

describe("createStreamRedactor", () => {
  it("redacts a secret split across pieces, releasing text at word ends", () => {
    registerSecret("streamed-canary-0a1b2c3d");
    const redactor = createStreamRedactor();
    const pieces = ["your key is stre", "amed-canary-0a1b", "2c3d, keep it", " safe"];
    const written = pieces.map((piece) => redactor.push(piece));
    expect(written).toEqual(["your key is ", "", "[REDACTED], keep ", "it "]);
    expect(redactor.flush()).toBe("safe");
    expect(redactor.flush()).toBe("");
  });
});
