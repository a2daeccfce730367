import { describe, expect, it } from "vitest";
import { runInSandbox, runJsTool } from "../../src/agents/index.js";

const context = { signal: new AbortController().signal, toolCallId: "call_1" };

describe("run_js sandbox", () => {
  it("returns the last expression's value and console output", async () => {
    const tool = runJsTool();
    expect(await tool.execute({ code: "const xs = [3, 1, 2]; console.log('sorting', xs.length); xs.sort()" }, context)).toBe("sorting 3\n=> [1,2,3]");
  });

  it("has no file, network, process or module access", async () => {
    const run = await runInSandbox(
      "[typeof require, typeof process, typeof fetch, typeof XMLHttpRequest, typeof WebSocket, typeof Deno, typeof globalThis.os, typeof globalThis.std, typeof setTimeout]",
    );
    expect(JSON.parse(run.result)).toEqual(Array(9).fill("undefined"));
    await expect(runInSandbox("this.constructor.constructor('return process')().env")).rejects.toMatchObject({ code: "sandbox-error", message: expect.stringContaining("'process' is not defined") });
    // A returned promise is settled: loading a module is refused, not merely pending.
    await expect(runInSandbox("import('fs')")).rejects.toMatchObject({ code: "sandbox-error", message: "ReferenceError: could not load module 'fs'" });
    const settled = await runInSandbox("import('fs').then(() => 'loaded', (error) => 'refused: ' + error)");
    expect(JSON.parse(settled.result)).toMatch(/^refused: /);
  });

  it("runs promise jobs and returns what an async function resolves to", async () => {
    expect((await runInSandbox("(async () => { const a = await Promise.resolve(20); return a + 22; })()")).result).toBe("42");
    const log = await runInSandbox("let r = 'before'; Promise.resolve().then(() => { r = 'after'; console.log(r); }); r");
    expect(log).toMatchObject({ result: '"before"', logs: "after\n" });
    await expect(runInSandbox("Promise.reject(new TypeError('nope'))")).rejects.toMatchObject({ message: expect.stringContaining("TypeError: nope") });
    await expect(runInSandbox("new Promise(() => {})")).rejects.toMatchObject({ message: expect.stringContaining("never settled") });
    await expect(runInSandbox("const spin = () => Promise.resolve().then(spin); spin()", { timeoutMs: 300 })).rejects.toMatchObject({ code: "sandbox-timeout" });
  });

  it("stops never-ending code at its time limit", async () => {
    const started = performance.now();
    await expect(runInSandbox("while (true) {}", { timeoutMs: 300 })).rejects.toMatchObject({ code: "sandbox-timeout", message: "the code ran past its 300 ms time limit" });
    expect(performance.now() - started).toBeLessThan(2500);
  });

  it("stops code that allocates past its memory limit", async () => {
    await expect(runInSandbox("const keep = []; for (;;) keep.push({ a: 1, b: [1, 2, 3] });", { memoryMb: 16, timeoutMs: 5000 })).rejects.toMatchObject({ code: "sandbox-memory" });
  });

  it("kills the sandbox when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    await expect(runInSandbox("while (true) {}", { timeoutMs: 10_000, signal: controller.signal })).rejects.toMatchObject({ code: "cancelled" });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("reports thrown errors with the console output before them", async () => {
    await expect(runInSandbox("console.log('step 1'); throw new TypeError('bad value')")).rejects.toMatchObject({ message: "TypeError: bad value\nconsole output before the failure:\nstep 1\n" });
  });
});
