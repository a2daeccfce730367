import { describe, expect, it } from "vitest";
import { ArithmeticError, evaluateArithmetic } from "./arithmetic.js";

describe("evaluateArithmetic", () => {
  it.each([
    ["37 * 91", 3367],
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["2 ^ 3 ^ 2", 512],
    ["2 ** 10", 1024],
    ["-2 ^ 2", -4],
    ["10 % 4", 2],
    ["sqrt(16) + abs(-3)", 7],
    ["max(1, 5, 3) - min(4, 2)", 3],
    ["log(100)", 2],
    ["log(8, 2)", 3],
    ["round(pi * 100) / 100", 3.14],
    ["1.5e3 + .5", 1500.5],
    ["6 × 7 ÷ 2", 21],
  ])("%s = %d", (expression, expected) => {
    expect(evaluateArithmetic(expression)).toBeCloseTo(expected, 10);
  });

  it.each([
    ["process.exit(1)", /unexpected character "\."/],
    ["constructor", /unknown name "constructor"/],
    ["require(1)", /unknown function "require"/],
    ["constructor(1)", /unknown function "constructor"/],
    ["__proto__", /unknown name "__proto__"/],
    ["require('fs')", /unexpected character "'"/],
    ["1 / 0", /division by zero/],
    ["1 +", /ends too early/],
    ["(1 + 2", /expected "\)"/],
    ["2 2", /unexpected "2"/],
    ["sqrt(1, 2)", /sqrt takes 1 argument/],
    ["", /empty/],
    ["10 ^ 400", /not a finite number/],
  ])("refuses %j", (expression, message) => {
    expect(() => evaluateArithmetic(expression)).toThrow(message);
  });

  it("refuses deep nesting and long input without exhausting the stack", () => {
    expect(() => evaluateArithmetic(`${"(".repeat(500)}1${")".repeat(500)}`)).toThrow(ArithmeticError);
    expect(() => evaluateArithmetic("-".repeat(900) + "1")).toThrow(/nested more than/);
    expect(() => evaluateArithmetic("1+".repeat(600) + "1")).toThrow(/longer than 1000/);
  });
});
