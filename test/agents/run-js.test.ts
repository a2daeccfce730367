import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runInSandbox, runJsTool } from "../../src/agents/index.js";

const context = { signal: new AbortController().signal, toolCallId: "call_1" };

/** The sandbox processes this test process has started and that are alive now, with their peak resident memory in MB. */
function liveSandboxes(): { pid: number; peakMb: number }[] {
  const found: { pid: number; peakMb: number }[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, "utf8");
      if (!new RegExp(`^PPid:\\s+${process.pid}$`, "m").test(status) || !readFileSync(`/proc/${name}/cmdline`, "utf8").includes("sandbox-worker")) continue;
      found.push({ pid: Number(name), peakMb: Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) / 1024 });
    } catch {
      // The process ended while it was being read.
    }
  }
  return found;
}

/** Samples the live sandboxes every few milliseconds while `work` runs. */
async function watchSandboxes<T>(work: Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; mostAlive: number; peakMb: number }> {
  let mostAlive = 0;
  let peakMb = 0;
  const sample = () => {
    const live = liveSandboxes();
    mostAlive = Math.max(mostAlive, live.length);
    peakMb = Math.max(peakMb, ...live.map((sandbox) => sandbox.peakMb));
  };
  const timer = setInterval(sample, 5);
  const [outcome] = await Promise.allSettled([work]);
  clearInterval(timer);
  return { outcome: outcome!, mostAlive, peakMb };
}

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

  it.each([
    ["objects", "const keep = []; for (;;) keep.push({ a: 1, b: [1, 2, 3] });"],
    ["array buffers", "const keep = []; for (;;) keep.push(new ArrayBuffer(1e6));"],
  ])("holds the whole process to the memory limit plus its overhead: %s", async (_label, code) => {
    // 64 MB for the interpreter, 160 MB for the process around it, 32 MB of slack for the sampling interval.
    // A generous time limit: on a loaded machine the memory limit must still be what stops it.
    const { outcome, peakMb } = await watchSandboxes(runInSandbox(code, { memoryMb: 64, timeoutMs: 60_000 }));
    expect(outcome).toMatchObject({ status: "rejected", reason: { code: "sandbox-memory", message: "the code used more than its 64 MB memory limit" } });
    expect(peakMb).toBeGreaterThan(40);
    expect(peakMb).toBeLessThan(64 + 160 + 32);
  }, 90_000);

  it("holds the whole process to the memory limit plus its overhead: a logged string", async () => {
    // Each log copies 30 MB into the host and drops it (output is capped), so whether the host
    // heap or the clock stops it first depends on the collector; either way the process stays small.
    const code = "const s = 'x'.repeat(30e6); for (;;) console.log(s);";
    const { outcome, peakMb } = await watchSandboxes(runInSandbox(code, { memoryMb: 64, timeoutMs: 5000 }));
    expect(outcome).toMatchObject({ status: "rejected", reason: { code: expect.stringMatching(/^sandbox-(memory|timeout)$/) } });
    expect(peakMb).toBeGreaterThan(40);
    expect(peakMb).toBeLessThan(64 + 160 + 32);
  }, 30_000);

  it("runs at most maxConcurrent sandboxes at once; the others wait their turn", async () => {
    const runs = Array.from({ length: 60 }, (_, index) => runInSandbox(String(index), { maxConcurrent: 4, timeoutMs: 1000 }));
    const { outcome, mostAlive } = await watchSandboxes(Promise.all(runs));
    expect(outcome).toMatchObject({ status: "fulfilled", value: Array.from({ length: 60 }, (_, index) => ({ result: String(index) })) });
    expect(mostAlive).toBeGreaterThanOrEqual(2);
    expect(mostAlive).toBeLessThanOrEqual(4);
  }, 120_000);

  it("lets a waiting call go when its caller aborts", async () => {
    const blocker = runInSandbox("const end = Date.now() + 1500; while (Date.now() < end) {} 'done'", { maxConcurrent: 1, timeoutMs: 3000 });
    const controller = new AbortController();
    const waiting = runInSandbox("1", { maxConcurrent: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(waiting).rejects.toMatchObject({ code: "cancelled" });
    expect((await blocker).result).toBe('"done"');
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
