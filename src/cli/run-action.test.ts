import { afterEach, describe, expect, it } from "vitest";
import { runAction } from "./run-action.js";

afterEach(() => {
  process.exitCode = undefined;
});

describe("runAction", () => {
  it("takes one Ctrl-C delivered twice in a row (a parent passing it on) as one: the action winds down", async () => {
    let abortedByFirst = false;
    let stillRunning = false;
    await runAction(async (context) => {
      process.emit("SIGINT", "SIGINT");
      abortedByFirst = context.signal.aborted;
      // A second Ctrl-C would end the process here, before the action could wind down.
      process.emit("SIGINT", "SIGINT");
      await new Promise((resolve) => setTimeout(resolve, 10));
      stillRunning = true;
    });
    expect(abortedByFirst).toBe(true);
    expect(stillRunning).toBe(true);
    expect(process.exitCode).toBe(130);
  });
});
