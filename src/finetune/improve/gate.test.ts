import { describe, expect, it } from "vitest";
import { parseGate } from "./gate.js";

const known = ["delta", "p", "low", "tuned"];

describe("gate rules", () => {
  it("evaluates comparisons joined by and/or with parentheses and percentages", () => {
    const gate = parseGate("delta>=5% and (p<0.05 or low > 0)", known);
    expect(gate.evaluate({ delta: 0.06, p: 0.2, low: 0.01 }).pass).toBe(true);
    expect(gate.evaluate({ delta: 0.04, p: 0.01, low: 0.01 }).pass).toBe(false);
    const result = gate.evaluate({ delta: 0.06, p: 0.2, low: -0.1 });
    expect(result.pass).toBe(false);
    expect(result.checks).toEqual(["delta = 0.0600 >= 0.0500: pass", "p = 0.200 < 0.0500: fail", "low = -0.100 > 0: fail"]);
  });

  it("refuses unknown variables and malformed rules instead of passing them", () => {
    expect(() => parseGate("dleta>=0.05", known)).toThrow(/unknown variable "dleta"/);
    expect(() => parseGate("delta>=", known)).toThrow(/expected a number/);
    expect(() => parseGate("delta>=0.05 p<0.05", known)).toThrow(/unexpected "p"/);
    expect(() => parseGate("delta>=0.05 && p<0.05", known)).toThrow(/invalid gate/);
  });

  it("fails a comparison whose value is missing", () => {
    expect(parseGate("tuned>0.5", known).evaluate({}).pass).toBe(false);
  });
});
