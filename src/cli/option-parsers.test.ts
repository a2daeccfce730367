import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { duration, integerFrom, variable } from "./option-parsers.js";

describe("option parsers", () => {
  it("refuse numbers too large to hold, instead of returning Infinity or an inexact integer", () => {
    expect(() => integerFrom(1)("9".repeat(400))).toThrow(InvalidArgumentError);
    expect(() => integerFrom(1)("9007199254740993")).toThrow(InvalidArgumentError);
    expect(integerFrom(1)("42")).toBe(42);
    expect(() => duration(`${"9".repeat(400)}d`)).toThrow(InvalidArgumentError);
    expect(duration("2h")).toBe(7_200_000);
  });

  it("refuse a --var whose name is blank, and keep prototype names as plain keys", () => {
    expect(() => variable(" =x")).toThrow(InvalidArgumentError);
    expect(() => variable("novalue")).toThrow(InvalidArgumentError);
    const vars = variable("__proto__=x", variable("constructor=y"));
    expect(Object.getPrototypeOf(vars)).toBe(Object.prototype);
    expect(Object.entries(vars)).toEqual([["constructor", "y"], ["__proto__", "x"]]);
  });
});
