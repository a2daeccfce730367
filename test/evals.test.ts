import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compareEvalRuns, evaluateGates, getEvalRun, listEvalRuns, loadSuite, runEval, runEvalSuite } from "../src/evals/index.js";
import type { EvalTarget, SuiteFile } from "../src/evals/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

let server: ProtocolServer;
let flywheel: Flywheel & { folder: string };

useProtocolServer((started) => (server = started));
// A store and response cache of its own for each test: what one test cached or stored never
// decides what another sees.
beforeEach(async () => {
  server.reset();
  flywheel = await flywheelAgainst(server);
});
afterEach(async () => {
  await flywheel.close();
});

const chatCalls = () => server.requests.filter((request) => request.path.endsWith("/chat/completions")).length;

const capitals: SuiteFile = {
  description: "capitals",
  prompts: ["Capital of {{country}}? {{answer}}", "Tell me: {{answer}}"],
  providers: ["openai:chat:gpt-4o-mini"],
  defaultTest: { assert: [{ type: "starts-with", value: "You said" }] },
  tests: [
    { description: "france", vars: { country: "France", answer: "Paris" }, assert: [{ type: "contains", value: "{{answer}}" }] },
    { description: "spain", vars: { country: "Spain", answer: "Madrid" }, assert: [{ type: "contains", value: "Capital" }] },
    { description: "japan", vars: { country: "Japan", answer: "Tokyo" }, assert: [{ type: "icontains", value: "tokyo" }] },
  ],
};

describe("runEval against the protocol server", () => {
  it("runs every cell in a fixed order, traces each cell, stores the run, and writes every report format", async () => {
    const outputs = ["run.json", "run.jsonl", "run.csv", "run.xml", "run.html"].map((name) => path.join(flywheel.folder, name));
    const { run, report } = await runEvalSuite(flywheel, { suite: capitals, cwd: flywheel.folder, outputs, resume: false, color: false });
    expect(run.status).toBe("completed");
    expect(run.cells.map((cell) => [cell.testIndex, cell.variantIndex])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]]);
    expect(run.cells.map((cell) => cell.status)).toEqual(["pass", "pass", "pass", "fail", "pass", "pass"]);
    expect(run.cells[0]!.output).toBe("You said: Capital of France? Paris");
    expect(report).toContain("Capital of {{country}}? {{answer}}");
    expect(report).toMatch(/5 passed, 1 failed, 0 errors/);
    await flywheel.tracing.flush();
    const trace = await flywheel.store.traces.getTrace(run.cells[0]!.traceId!);
    expect(trace?.spans.map((span) => span.kind).sort()).toEqual(["eval", "model"]);
    expect(trace?.summary.name).toBe("eval Capital of {{country}}? {{answer}}");
    const json = JSON.parse(readFileSync(outputs[0]!, "utf8")) as { summary: Record<string, unknown>; results: Record<string, unknown>[] };
    expect(json.summary).toEqual({ passed: 2, failed: 1, errors: 0, tests: 3, cells: { passed: 5, failed: 1, errors: 0, total: 6 } });
    expect(json.results[3]).toMatchObject({ pass: false, score: 0.5, variant: "Tell me: {{answer}}", testIndex: 1, traceId: run.cells[3]!.traceId });
    expect(readFileSync(outputs[1]!, "utf8").trim().split("\n")).toHaveLength(6);
    expect(readFileSync(outputs[2]!, "utf8")).toMatch(/^testIndex,description,vars,variant/);
    const junit = readFileSync(outputs[3]!, "utf8");
    expect(junit).toContain('<testsuites name="capitals" tests="6" failures="1" errors="0">');
    expect(junit).toContain("<failure message=");
    const html = readFileSync(outputs[4]!, "utf8");
    expect(html).toContain('<script type="application/json" id="report-data">');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    const stored = await getEvalRun(flywheel, run.runId.slice(0, 8));
    expect(stored.cells).toEqual(run.cells);
    expect((await listEvalRuns(flywheel))[0]).toMatchObject({ runId: run.runId, passed: 5, failed: 1, errors: 0, variants: ["Capital of {{country}}? {{answer}}", "Tell me: {{answer}}"] });
  });

  it("makes no model call when an unchanged suite runs again (response cache)", async () => {
    const suite: SuiteFile = { ...capitals, embedder: "openai:text-embedding-3-small", defaultTest: { assert: [...(capitals.defaultTest!.assert ?? []), { type: "similar", value: "{{answer}}", threshold: -1 }] } };
    const modelCalls = () => chatCalls() + server.requests.filter((request) => request.path.endsWith("/embeddings")).length;
    await runEvalSuite(flywheel, { suite, cwd: flywheel.folder, resume: false });
    const first = modelCalls();
    expect(server.requests.some((request) => request.path.endsWith("/embeddings"))).toBe(true);
    const { run } = await runEvalSuite(flywheel, { suite, cwd: flywheel.folder, resume: false });
    expect(modelCalls()).toBe(first);
    expect(run.cells.every((cell) => cell.cached)).toBe(true);
    expect(run.cells.map((cell) => cell.status)).toEqual(["pass", "pass", "pass", "fail", "pass", "pass"]);
  });

  it("resumes after Ctrl-C without re-running finished cells", async () => {
    const suite = await loadSuite({ suite: { ...capitals, description: "resume me", tests: [...capitals.tests as object[], { vars: { country: "Peru", answer: "Lima" } }, { vars: { country: "Chad", answer: "N'Djamena" } }] as SuiteFile["tests"] }, baseDir: flywheel.folder });
    const controller = new AbortController();
    const first = await runEval({ flywheel, suite, cache: false, concurrency: 1, signal: controller.signal, onCell: (_cell, progress) => progress.done === 3 && controller.abort() });
    expect(first.status).toBe("cancelled");
    expect(first.cells).toHaveLength(3);
    expect(chatCalls()).toBe(3);
    const second = await runEval({ flywheel, suite, cache: false, concurrency: 1 });
    expect(second.runId).toBe(first.runId);
    expect(second.status).toBe("completed");
    expect(second.cells).toHaveLength(10);
    expect(chatCalls()).toBe(10);
    expect((await flywheel.store.evals.getRun(first.runId))?.status).toBe("completed");
  });

  it("turns a failing provider, a template that never ends, a bad assertion and a hanging javascript assertion into per-cell errors", async () => {
    const { run } = await runEvalSuite(flywheel, {
      cwd: flywheel.folder,
      resume: false,
      suite: {
        prompts: ["Q: {{q}}"],
        providers: ["openai:gpt-4o-mini", "openai:error-500"],
        assertionTimeoutMs: 300,
        tests: [
          { vars: { q: "fine" }, assert: [{ type: "contains", value: "fine" }] },
          { vars: { q: "{% for i in range(100000000) %}{% endfor %}", i: 0 } },
          { vars: { q: "bad" }, assert: [{ type: "word-count", value: { max: 3, min: 5 } }] },
          { vars: { q: "loop" }, assert: [{ type: "javascript", value: "while (true) {}" + "\n" + "return true" }] },
        ],
      },
    });
    const byKey = (test: number, variant: number) => run.cells.find((cell) => cell.testIndex === test && cell.variantIndex === variant)!;
    expect(byKey(0, 0).status).toBe("pass");
    expect(byKey(0, 1)).toMatchObject({ status: "error" });
    expect(byKey(0, 1).error).toMatch(/error-500/);
    expect(byKey(1, 0)).toMatchObject({ status: "error", error: expect.stringContaining("the Nunjucks template did not finish within 300 ms") });
    expect(byKey(2, 0)).toMatchObject({ status: "error", error: expect.stringContaining("min (5) must be at most max (3)") });
    expect(byKey(3, 0)).toMatchObject({ status: "error", error: expect.stringContaining("did not finish within 300 ms") });
    expect(run.statistics.totals).toEqual({ cells: 8, passed: 1, failed: 0, errors: 7 });
    expect(evaluateGates(run)).toMatchObject({ exitCode: 1 });
  });
});

describe("repeats", () => {
  it("calls the model once per repeat (never one cached answer) and flags cells whose repeats disagree", async () => {
    let calls = 0;
    server.script("coin", () => ({ text: (calls++ % 2 === 0 ? "heads" : "tails") }));
    const { run } = await runEvalSuite(flywheel, { cwd: flywheel.folder, resume: false, suite: { prompts: ["flip {{n}}"], providers: ["openai:coin"], repeat: 3, tests: [{ vars: { n: 1 }, assert: [{ type: "contains", value: "heads" }] }] } });
    expect(calls).toBe(3);
    expect(run.cells.map((cell) => cell.output)).toEqual(["heads", "tails", "heads"]);
    expect(run.statistics.flaky).toEqual([{ testIndex: 0, variantIndex: 0, passes: 2, repeats: 3 }]);
    const again = await runEvalSuite(flywheel, { cwd: flywheel.folder, resume: false, suite: { prompts: ["flip {{n}}"], providers: ["openai:coin"], repeat: 3, tests: [{ vars: { n: 1 }, assert: [{ type: "contains", value: "heads" }] }] } });
    expect(calls).toBe(3);
    expect(again.run.cells.map((cell) => cell.output)).toEqual(["heads", "tails", "heads"]);
  });
});

describe("targets and model-graded assertions", () => {
  it("runs HTTP endpoints, file:// custom providers and EvalTarget objects with retrieved context", async () => {
    writeFileSync(path.join(flywheel.folder, "provider.mjs"), "export default class Upper { constructor(options) { this.suffix = options.config.suffix; } id() { return 'upper'; } async callApi(prompt, context) { return { output: prompt.toUpperCase() + this.suffix + context.vars.q.length, tokenUsage: { prompt: 3, completion: 4 } }; } }\n");
    const rag: EvalTarget = { id: "rag", async call(input) { return { output: `Answer about ${String(input.vars.q)}`, context: ["Paris is the capital of France."] }; } };
    server.script("grader", (request) => {
      const text = request.messages.at(-1)?.content ?? "";
      if (text.includes("<Rubric>")) return { text: '{"reason": "polite enough", "pass": true, "score": 0.8}' };
      if (text.includes("<expert_answer>")) return { text: '{"category": "C", "reason": "the same details"}' };
      return { text: "1. Yes" };
    });
    const { run } = await runEvalSuite(flywheel, {
      cwd: flywheel.folder,
      resume: false,
      suite: {
        prompts: ["say {{q}}"],
        grader: "openai:grader",
        embedder: "openai:text-embedding-3-small",
        providers: [
          { id: `${server.openaiBaseURL}/chat/completions`, label: "http", config: { headers: { authorization: "Bearer {{env.OPENAI_API_KEY}}" }, body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "{{prompt}}" }] }, transformResponse: "json.choices[0].message.content" } },
          { id: "file://provider.mjs", label: "custom", config: { suffix: "!" } },
          rag as never,
        ],
        tests: [
          {
            vars: { q: "hello" },
            assert: [
              { type: "contains", value: "say hello", weight: 0 },
              { type: "llm-rubric", value: "is polite" },
              { type: "factuality", value: "hello" },
              { type: "similar", value: "{{q}}", threshold: -1 },
            ],
          },
          { vars: { q: "Paris", context: "Paris is the capital of France." }, assert: [{ type: "context-faithfulness", threshold: 1 }, { type: "context-recall", value: "Paris is the capital of France." }] },
        ],
      },
    });
    const outputs = run.cells.filter((cell) => cell.testIndex === 0).map((cell) => cell.output);
    expect(outputs).toEqual(["You said: say hello", "SAY HELLO!5", "Answer about hello"]);
    const first = run.cells[0]!;
    expect(first.assertions.map((assertion) => [assertion.type, assertion.pass])).toEqual([["contains", true], ["llm-rubric", true], ["factuality", true], ["similar", true]]);
    expect(first.assertions[1]!.reason).toContain("polite enough");
    const rubricCall = server.requests.find((request) => JSON.stringify(request.body).includes("<Rubric>"));
    expect((rubricCall?.body as { model?: string }).model).toBe("grader");
    const httpCall = server.requests.find((request) => (request.body as { model?: string }).model === "gpt-4o-mini");
    expect(httpCall?.headers.authorization).toBe("Bearer test-openai-key-0001");
    await flywheel.tracing.flush();
    const stored = JSON.stringify([await flywheel.store.evals.getCells(run.runId), await flywheel.store.sql.query("SELECT attributes, status_message FROM spans")]);
    expect(stored).not.toContain("test-openai-key-0001");
    const ragCell = run.cells.find((cell) => cell.testIndex === 1 && cell.variantIndex === 2)!;
    expect(ragCell.assertions.map((assertion) => assertion.score)).toEqual([1, 1]);
    expect(ragCell.status).toBe("pass");
  });
});

describe("stored runs", () => {
  it("compares two runs and gates on a baseline", async () => {
    const better = await runEvalSuite(flywheel, { suite: capitals, cwd: flywheel.folder, resume: false });
    const worse = await runEvalSuite(flywheel, { suite: { ...capitals, tests: (capitals.tests as { assert: object[] }[]).map((test) => ({ ...test, assert: [{ type: "contains", value: "Nope" }] })) as SuiteFile["tests"] }, cwd: flywheel.folder, resume: false });
    const comparison = await compareEvalRuns(flywheel, better.run.runId, worse.run.runId);
    expect(comparison.variants.map((variant) => variant.label)).toEqual(["Capital of {{country}}? {{answer}}", "Tell me: {{answer}}"]);
    expect(comparison.variants[0]).toMatchObject({ tests: 3, passRateA: 1, passRateB: 0, passRateDelta: -1 });
    expect(comparison.variants[0]!.regressions.map((regression) => regression.description)).toEqual(["france", "spain", "japan"]);
    const gate = evaluateGates(worse.run, { baseline: better.run, maxRegression: 0.1 });
    expect(gate.exitCode).toBe(1);
    expect(gate.reasons[0]).toMatch(/^gate failed: pass rate 0\.0 vs 0\.833 in baseline .* \(fell 0\.833; allowed fall 0\.1\)$/);
    expect(evaluateGates(better.run, { failUnder: 0.8 })).toEqual({ exitCode: 0, reasons: ["gate passed: pass rate 0.833 is at least --fail-under 0.8"] });
  });
});
