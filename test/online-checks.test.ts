import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { runPrompt } from "../src/prompts/index.js";
import { startServer } from "../src/server/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import type { FixtureOptions } from "./support/flywheel-fixture.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

let server: ProtocolServer;
let flywheel: (Flywheel & { folder: string }) | undefined;

useProtocolServer((started) => (server = started));
afterEach(async () => {
  await flywheel?.close();
  flywheel = undefined;
});

async function start(options: FixtureOptions = {}) {
  server.reset();
  flywheel = await flywheelAgainst(server, options);
  return flywheel;
}

/** Writes a prompt file with the given front matter lines and returns its path. */
function promptFile(folder: string, name: string, frontMatter: string): string {
  const file = path.join(folder, `${name}.prompt.md`);
  writeFileSync(file, `---\nmodel: openai:gpt-4o-mini\n${frontMatter}---\nReview: {{review}}\n`);
  return file;
}

/** Waits for the queued checks, then reads every stored result of the traces. */
async function checksOf(runtime: Flywheel, traceIds: string[]) {
  await runtime.checks.drain(20_000);
  return runtime.store.prompts.checksOfTraces(traceIds);
}

describe("online checks on live outputs", () => {
  it("runs deterministic checks from the front matter and the config on each call and stores pass/fail on its span", async () => {
    const runtime = await start({ config: { prompts: { checks: { "*": [{ type: "icontains", value: "you said" }], review: [{ type: "not-contains", value: "refund", name: "no-refund" }] } } } });
    const file = promptFile(runtime.folder, "review", "checks:\n  - type: is-json\n");
    const calm = await runPrompt(runtime, { promptFile: file, vars: { review: "lovely staff" } });
    const angry = await runPrompt(runtime, { promptFile: file, vars: { review: "I want a refund" } });
    const results = await checksOf(runtime, [calm.traceId, angry.traceId]);
    const verdict = (traceId: string, name: string) => results.find((result) => result.traceId === traceId && result.checkName === name);
    expect(verdict(calm.traceId, "icontains")).toMatchObject({ status: "pass", spanId: calm.spanId, promptName: "review", promptHash: calm.promptHash });
    expect(verdict(calm.traceId, "no-refund")?.status).toBe("pass");
    expect(verdict(angry.traceId, "no-refund")?.status).toBe("fail");
    expect(verdict(calm.traceId, "is-json")?.status).toBe("fail");
    expect(results).toHaveLength(6);
  });

  it("grades with a model at the sample rate, stores what the grader cost, and stops at the prompt's daily budget", async () => {
    const runtime = await start({ config: { models: { "openai:gpt-5.6-sol": { price: { input: 10_000, output: 10_000 } } } } });
    const file = promptFile(runtime.folder, "graded", "checks:\n  - type: llm-rubric\n    value: mentions 'staff'\n    sampleRate: 1\n    budgetUsd: 0.5\n");
    const first = await runPrompt(runtime, { promptFile: file, vars: { review: "lovely staff" } });
    const [graded] = await checksOf(runtime, [first.traceId]);
    expect(graded).toMatchObject({ checkName: "llm-rubric", status: "pass", score: 1 });
    expect(graded!.costUsd).toBeGreaterThan(0.5);
    const graderCalls = server.requests.filter((request) => (request.body as { model?: string } | undefined)?.model === "gpt-5.6-sol").length;
    expect(graderCalls).toBe(1);
    const second = await runPrompt(runtime, { promptFile: file, vars: { review: "lovely staff" } });
    expect(await checksOf(runtime, [second.traceId])).toEqual([]);
    expect(server.requests.filter((request) => (request.body as { model?: string } | undefined)?.model === "gpt-5.6-sol").length).toBe(graderCalls);
    expect(runtime.checks.counts.skippedByBudget).toBe(1);
    // The grader's call is a trace of its own, not a live call of the prompt it graded.
    await runtime.tracing.flush();
    expect((await runtime.store.prompts.liveCalls("graded")).map((version) => version.calls)).toEqual([2]);
  });

  it("samples a check deterministically per span: about half the calls at rate 0.5", async () => {
    const runtime = await start();
    const file = promptFile(runtime.folder, "sampled", "checks:\n  - type: contains\n    value: Review\n    sampleRate: 0.5\n");
    const calls = [];
    for (let index = 0; index < 120; index += 1) calls.push(await runPrompt(runtime, { promptFile: file, vars: { review: `number ${index}` } }));
    const traceIds = calls.map((call) => call.traceId);
    const results = await checksOf(runtime, traceIds);
    expect(results.length).toBeGreaterThan(40);
    expect(results.length).toBeLessThan(80);
    expect(runtime.checks.counts.skippedBySample).toBe(120 - results.length);
    expect(results.every((result) => result.status === "pass")).toBe(true);
    // A second runner given the same spans samples in exactly the same ones.
    const { createOnlineChecks } = await import("../src/prompts/checks/index.js");
    const again = createOnlineChecks(() => runtime);
    const prompt = { name: "sampled", hash: calls[0]!.promptHash!, checks: [{ type: "contains", value: "Review", sampleRate: 0.5 }] };
    for (const call of calls) again.schedule({ traceId: call.traceId, spanId: call.spanId, prompt, vars: {}, output: call.text, latencyMs: call.latencyMs });
    await again.close(20_000);
    expect(again.counts.skippedBySample).toBe(runtime.checks.counts.skippedBySample);
    expect(new Set((await runtime.store.prompts.checksOfTraces(traceIds)).map((result) => result.spanId))).toEqual(new Set(results.map((result) => result.spanId)));
  });

  it("records a check that cannot run (its grader down) as an error, a script that throws as a fail (as in evals), and never fails or delays the call", async () => {
    const runtime = await start();
    const file = promptFile(runtime.folder, "broken", "checks:\n  - type: javascript\n    value: \"(() => { throw new Error('check broke') })()\"\n  - type: llm-rubric\n    value: is kind\n    provider: openai:error-500\n    sampleRate: 1\n    name: grader-down\n  - type: llm-rubric\n    value: is kind\n    provider: openai:slow-1500\n    sampleRate: 1\n    name: slow-grader\n");
    const started = performance.now();
    const result = await runPrompt(runtime, { promptFile: file, vars: { review: "fine" } });
    const callMs = performance.now() - started;
    expect(result.text).toContain("You said");
    expect(callMs).toBeLessThan(1500);
    const results = await checksOf(runtime, [result.traceId]);
    expect(results.find((entry) => entry.checkName === "javascript")).toMatchObject({ status: "fail", reason: expect.stringContaining("check broke") as unknown });
    expect(results.find((entry) => entry.checkName === "grader-down")?.status).toBe("error");
    expect(results.find((entry) => entry.checkName === "slow-grader")).toBeDefined();
  });

  it("turns a check of an unknown type into one warning and leaves the call alone", async () => {
    const warnings: string[] = [];
    const runtime = await start({ config: { prompts: { checks: { typo: [{ type: "icontainz", value: "x" }] } } } });
    const { createOnlineChecks } = await import("../src/prompts/checks/index.js");
    const checks = createOnlineChecks(() => runtime, { onWarning: (message) => warnings.push(message) });
    const call = { traceId: "t".repeat(32), spanId: "s".repeat(16), prompt: { name: "typo", hash: "h".repeat(64), checks: [] }, vars: {}, output: "x", latencyMs: 1 };
    checks.schedule(call);
    checks.schedule(call);
    await checks.close(5_000);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/online checks of prompt "typo" are off: .*prompts\.checks\.typo\[0\]\.type: expected an assertion type of the evals registry \(icontains, .*found icontainz/);
  });

  it("checks answers served through /v1 with a prompt reference, streamed or not, after the answer", async () => {
    const runtime = await start();
    mkdirSync(path.join(runtime.folder, "prompts"));
    promptFile(path.join(runtime.folder, "prompts"), "review", "checks:\n  - type: icontains\n    value: you said\n");
    const server = await startServer({ flywheel: runtime, port: 0 });
    try {
      const traceIds: string[] = [];
      for (const stream of [false, true]) {
        const response = await fetch(`${server.url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "prompt:review", stream, messages: [], variables: { review: "lovely" } }),
        });
        expect(response.status).toBe(200);
        await response.text();
        traceIds.push(response.headers.get("x-flywheel-trace-id")!);
      }
      const results = await checksOf(runtime, traceIds);
      expect(results.map((result) => [result.traceId, result.checkName, result.status])).toEqual(expect.arrayContaining(traceIds.map((traceId) => [traceId, "icontains", "pass"])));
      await runtime.tracing.flush();
      for (const result of results) expect((await runtime.store.traces.getTrace(result.traceId))!.spans.find((span) => span.parentSpanId === null)!.spanId).toBe(result.spanId);
    } finally {
      await server.close();
    }
  });
});
