import { describe, expect, it } from "vitest";
import { registerSecret } from "../../secrets/index.js";
import { passesLuhn, scrubRows, scrubText } from "./pii-scrub.js";

describe("PII scrub", () => {
  it("replaces emails, phones, Luhn-valid card numbers and key-shaped tokens with typed placeholders", () => {
    const text = "Mail jane.doe+x@example.co.uk or call +1 415-555-0134; card 4111 1111 1111 1111; key sk-proj-abcdefghijklmnop1234 ok";
    expect(scrubText(text)).toBe("Mail <EMAIL> or call <PHONE>; card <CARD_NUMBER>; key <API_KEY> ok");
  });

  it("replaces the key formats of the secret rules, keeping what names them", () => {
    expect(scrubText("call with password=hunter2 and sk_live_4eC39HqLyjWDarjtT1zdp7dc, then mail ops@example.com")).toBe(
      "call with password=<API_KEY> and <API_KEY>, then mail <EMAIL>",
    );
  });

  it("leaves digit runs that fail the Luhn check, dates and short numbers alone", () => {
    expect(passesLuhn("4111111111111111")).toBe(true);
    expect(passesLuhn("4111111111111112")).toBe(false);
    expect(scrubText("order 4111 1111 1111 1112 on 2024-11-23 at 10:30, 3 items")).toBe("order 4111 1111 1111 1112 on 2024-11-23 at 10:30, 3 items");
  });

  it("replaces a registered secret that has no well-known shape, and counts what it replaced", () => {
    registerSecret("zz-plain-canary-value-77");
    const { rows, counts, rowsChanged } = scrubRows([
      { messages: [{ role: "user", content: "use zz-plain-canary-value-77 and ghp_abcdefghijklmnopqrstuvwx" }, { role: "assistant", content: "ok" }], metadata: { note: "bob@example.com" } },
      { messages: [{ role: "user", content: "nothing here" }, { role: "assistant", content: "fine" }] },
    ]);
    expect(rows[0]!.messages[0]!.content).toBe("use <API_KEY> and <API_KEY>");
    expect(rows[0]!.metadata!.note).toBe("<EMAIL>");
    expect(counts).toEqual({ apiKey: 2, email: 1, cardNumber: 0, phone: 0 });
    expect(rowsChanged).toBe(1);
  });
});
