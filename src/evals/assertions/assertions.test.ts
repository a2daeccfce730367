import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AssertionSpec, EvalTest } from "../suite/eval-suite.js";
import type { AssertionServices } from "./assertion-types.js";
import { bleuScore } from "./bleu-score.js";
import { commaSeparatedValues } from "./comma-separated-values.js";
import { extractJsonObjects } from "./extract-json-objects.js";
import { readNumberedVerdicts, readVerdict } from "./grader-replies.js";
import { isKnownAssertionType } from "./registry.js";
import { runAssertions } from "./run-assertions.js";
import { createTemplateRenderer } from "../templates/index.js";
import { createScriptRunner } from "./script-runner.js";

const folder = mkdtempSync(path.join(tmpdir(), "flywheel-assertions-"));
const scripts = createScriptRunner();
const templates = createTemplateRenderer({ filters: {}, timeoutMs: 2000 });
afterAll(() => Promise.all([scripts.close(), templates.close()]));

const services: AssertionServices = {
  baseDir: folder,
  signal: new AbortController().signal,
  scriptTimeoutMs: 2000,
  grader: "none:grader",
  embedder: "none:embedder",
  cache: false,
  scripts,
  templates,
  generate: () => Promise.reject(new Error("no grader in this test")),
  embed: () => Promise.reject(new Error("no embedder in this test")),
};

const test: EvalTest = { index: 0, vars: { city: "Paris", n: 3 }, assert: [] };

async function check(output: unknown, assertion: AssertionSpec, extra: Partial<Parameters<typeof runAssertions>[1]> = {}) {
  const outputText = typeof output === "string" ? output : JSON.stringify(output);
  const graded = await runAssertions([assertion], { output, outputText, vars: test.vars, prompt: "p", latencyMs: 120, costUsd: 0.002, cached: false, context: undefined, trajectory: undefined, metadata: undefined, test, services, ...extra });
  return graded.assertions[0]!;
}

describe("deterministic assertions", () => {
  const cases: [string, unknown, AssertionSpec, boolean][] = [
    ["equals", "Paris", { type: "equals", value: "{{city}}" }, true],
    ["equals is exact", "Paris ", { type: "equals", value: "Paris" }, false],
    ["equals an object against JSON output", '{"a":1,"b":[2]}', { type: "equals", value: { b: [2], a: 1 } }, true],
    ["not-equals", "Rome", { type: "not-equals", value: "Paris" }, true],
    ["contains", "It is Paris.", { type: "contains", value: "Paris" }, true],
    ["contains is case-sensitive", "it is paris", { type: "contains", value: "Paris" }, false],
    ["not-contains", "It is Paris.", { type: "not-contains", value: "Rome" }, true],
    ["icontains", "it is PARIS", { type: "icontains", value: "paris" }, true],
    ["not-icontains", "it is PARIS", { type: "not-icontains", value: "paris" }, false],
    ["contains-any (list)", "red car", { type: "contains-any", value: ["blue", "red"] }, true],
    ["contains-any (comma string)", "green", { type: "contains-any", value: "blue, red" }, false],
    ["contains-all", "red and blue", { type: "contains-all", value: ["red", "blue"] }, true],
    ["contains-all missing one", "red only", { type: "contains-all", value: ["red", "blue"] }, false],
    ["not-contains-all", "red only", { type: "not-contains-all", value: ["red", "blue"] }, true],
    ["icontains-any", "RED", { type: "icontains-any", value: ["red"] }, true],
    ["icontains-all", "Red BLUE", { type: "icontains-all", value: "red,blue" }, true],
    ["regex", "order 12345", { type: "regex", value: "\\d{5}" }, true],
    ["not-regex", "order 12345", { type: "not-regex", value: "^\\d+$" }, true],
    ["starts-with", "Yes, it is", { type: "starts-with", value: "Yes" }, true],
    ["not-starts-with", "Yes, it is", { type: "not-starts-with", value: "Yes" }, false],
    ["is-json", '{"a": 1}', { type: "is-json" }, true],
    ["is-json rejects text", "a: 1", { type: "is-json" }, false],
    ["is-json with a schema", '{"a": 1}', { type: "is-json", value: { type: "object", required: ["a"], properties: { a: { type: "number" } } } }, true],
    ["is-json with a failing YAML schema", '{"a": "x"}', { type: "is-json", value: "type: object\nproperties:\n  a: { type: number }" }, false],
    ["not-is-json", "plain", { type: "not-is-json" }, true],
    ["contains-json", 'Sure: {"name": "Ada", "tags": ["x"]} done', { type: "contains-json", value: { type: "object", required: ["name"] } }, true],
    ["contains-json without JSON", "no braces here", { type: "contains-json" }, false],
    ["levenshtein within 5", "kitten", { type: "levenshtein", value: "sitting" }, true],
    ["levenshtein over its threshold", "kitten", { type: "levenshtein", value: "sitting", threshold: 2 }, false],
    ["rouge-n identical", "the cat sat on the mat", { type: "rouge-n", value: "the cat sat on the mat" }, true],
    ["rouge-n disjoint", "dogs run fast", { type: "rouge-n", value: "the cat sat" }, false],
    ["rouge-n ignores case and counts a repeated word as often as it occurs (as promptfoo does)", "The cat sat on the mat", { type: "rouge-n", value: "the cat sat on the mat", threshold: 0.99 }, true],
    ["bleu identical", "the cat sat on the mat", { type: "bleu", value: "the cat sat on the mat" }, true],
    ["bleu low", "the cat is on the mat", { type: "bleu", value: ["the cat sat on the mat"] }, false],
    ["latency under threshold", "x", { type: "latency", threshold: 500 }, true],
    ["latency over threshold", "x", { type: "latency", threshold: 100 }, false],
    ["cost under threshold", "x", { type: "cost", threshold: 0.01 }, true],
    ["not-cost", "x", { type: "not-cost", threshold: 0.01 }, false],
  ];
  for (const [name, output, assertion, expected] of cases) {
    it(`${name}: ${expected ? "passes" : "fails"}`, async () => {
      const result = await check(output, assertion);
      expect(result.error, result.reason).toBeUndefined();
      expect(result.pass, result.reason).toBe(expected);
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(1);
      expect(result.reason.length).toBeGreaterThan(0);
    });
  }

  it("checks an agent's trajectory for tool calls", async () => {
    const trajectory = [{ type: "tool-call", name: "search" }, { type: "tool-result", name: "search" }, { type: "tool-call", name: "fetch" }];
    expect(await check("x", { type: "trajectory:tool-used", value: ["search", "fetch"] }, { trajectory })).toMatchObject({ pass: true });
    expect(await check("x", { type: "trajectory:tool-used", value: "write" }, { trajectory })).toMatchObject({ pass: false, reason: "the agent did not call write (called: search, fetch)" });
    expect(await check("x", { type: "not-trajectory:tool-used", value: "write" }, { trajectory })).toMatchObject({ pass: true });
    expect(await check("x", { type: "trajectory:tool-used", value: "write" })).toMatchObject({ error: true });
  });

  it("reads finish-reason under promptfoo's normalised names, failing when the target gives none", async () => {
    const reason = (finishReason: string) => ({ metadata: { finishReason } });
    expect(await check("x", { type: "finish-reason", value: "tool_calls" }, reason("tool-calls"))).toMatchObject({ pass: true });
    expect(await check("x", { type: "finish-reason", value: "Stop" }, reason("end_turn"))).toMatchObject({ pass: true });
    expect(await check("x", { type: "finish-reason", value: "stop" }, reason("length"))).toMatchObject({ pass: false, reason: 'expected the finish reason "stop", got "length"' });
    expect(await check("x", { type: "finish-reason", value: "stop" })).toMatchObject({ pass: false, score: 0 });
    expect(await check("x", { type: "not-finish-reason", value: "stop" })).toMatchObject({ pass: true, score: 1 });
    expect(await check("one two", { type: "word-count", value: { min: 1, max: 2 } })).toMatchObject({ pass: true });
    expect(await check("one two", { type: "word-count", value: "three" })).toMatchObject({ error: true });
  });

  it("makes a bad value or an unknown type a cell error, not a crash", async () => {
    expect(await check("x", { type: "contains" })).toMatchObject({ pass: false, error: true, reason: '"contains" needs a string value' });
    expect(await check("x", { type: "is-xml", value: "a" })).toMatchObject({ pass: false, error: true, reason: 'unknown assertion type "is-xml"' });
    expect(await check("x", { type: "latency", threshold: 10 }, { cached: true })).toMatchObject({ error: true });
    expect(isKnownAssertionType("not-icontains-any")).toBe(true);
    expect(isKnownAssertionType("is-xml")).toBe(false);
  });
});

describe("scoring and aggregation", () => {
  it("computes sentence BLEU against hand-computed values", () => {
    // p1 = 5/6, p2 = 3/5, p3 = 1/4, p4 = 0 (smoothed to 1e-7), brevity penalty 1.
    expect(bleuScore("the cat is on the mat", ["the cat sat on the mat"])).toBeCloseTo(0.010573712634405643, 12);
    // Short candidate: brevity penalty exp(1 - 6/2), p1 = p2 = 1, p3 = p4 smoothed.
    expect(bleuScore("the cat", ["the cat sat on the mat"])).toBeCloseTo(4.279677428117004e-5, 15);
    expect(bleuScore("The Cat sat on the mat", ["the cat sat on the mat"])).toBeCloseTo(1, 12);
  });

  it("weights scores, records named metrics, honours weight 0 and the test threshold", async () => {
    const graded = await runAssertions(
      [
        { type: "contains", value: "Paris", weight: 3, metric: "accuracy" },
        { type: "contains", value: "Rome", weight: 1, metric: "accuracy" },
        { type: "contains", value: "London", weight: 0, metric: "bonus" },
      ],
      { output: "Paris", outputText: "Paris", vars: {}, prompt: undefined, latencyMs: 1, costUsd: undefined, cached: false, context: undefined, trajectory: undefined, metadata: undefined, test, services },
    );
    expect(graded.score).toBeCloseTo(0.75, 12);
    expect(graded.pass).toBe(false);
    expect(graded.namedScores).toEqual({ accuracy: 0.75, bonus: 0 });
    expect(graded.namedScoreWeights).toEqual({ accuracy: 4, bonus: 0 });
    // A found weight 0 assertion still adds nothing to its metric; metric names render the vars.
    const weightless = await runAssertions([{ type: "contains", value: "Paris", weight: 0, metric: "{{city}} bonus" }], { output: "Paris", outputText: "Paris", vars: { city: "Paris" }, prompt: undefined, latencyMs: 1, costUsd: undefined, cached: false, context: undefined, trajectory: undefined, metadata: undefined, test, services });
    expect(weightless.namedScores).toEqual({ "Paris bonus": 0 });
    expect(graded.assertions[2]!.pass).toBe(true);
    const thresholded = await runAssertions([{ type: "contains", value: "Paris", weight: 3 }, { type: "contains", value: "Rome" }], { output: "Paris", outputText: "Paris", vars: {}, prompt: undefined, latencyMs: 1, costUsd: undefined, cached: false, context: undefined, trajectory: undefined, metadata: undefined, test, services }, 0.7);
    expect(thresholded.pass).toBe(true);
    expect(thresholded.reason).toMatch(/score 0.75 ≥ threshold 0.7/);
  });

  it("reads helper formats", () => {
    expect(commaSeparatedValues('a, "b, c", d')).toEqual(["a", "b, c", "d"]);
    expect(extractJsonObjects('x {"a": "}"} y {bad} {"b": {"c": 1}}')).toEqual([{ a: "}" }, { b: { c: 1 } }]);
    expect(readVerdict('Here: {"reason": "ok", "pass": true, "score": 0.9}')).toEqual({ pass: true, score: 0.9, reason: "ok" });
    // As promptfoo reads a verdict: the first object counts, a missing pass is a pass, a
    // missing score is the pass as 0 or 1, scores are not clamped, a threshold needs both.
    expect(readVerdict('{"score": 0.2} {"pass": false}')).toEqual({ pass: true, score: 0.2, reason: "the grader passed it" });
    expect(readVerdict('{"pass": "yes", "reason": "ok"}')).toEqual({ pass: true, score: 1, reason: "ok" });
    expect(readVerdict('{"pass": "nope", "score": "1.5"}')).toMatchObject({ pass: false, score: 1.5 });
    expect(readVerdict('{"pass": false, "score": 0.9}', 0.5)).toMatchObject({ pass: false, score: 0.9 });
    expect(readVerdict('{"pass": true, "score": 0.4}', 0.5)).toEqual({ pass: false, score: 0.4, reason: "score 0.4 below threshold 0.5" });
    expect(readVerdict("FAIL: it is rude")).toBeUndefined();
    expect(readNumberedVerdicts("1. Yes\n2. No\n3: yes", 3)).toEqual([true, false, true]);
    expect(readNumberedVerdicts("nothing useful", 2)).toBeUndefined();
  });
});

describe("javascript and python assertions", () => {
  writeFileSync(path.join(folder, "check.mjs"), "export default (output, context) => ({ pass: output.includes(context.vars.city), score: 0.8, reason: 'city found' });\nexport const short = (output) => output.length < 5;\n");
  writeFileSync(path.join(folder, "check.py"), "def get_assert(output, context):\n    return {'pass': context['vars']['city'] in output, 'score': 0.7, 'reason': 'checked in python'}\n\ndef upper(output, context):\n    return output.isupper()\n");

  it("evaluates expressions, declarations, bodies and files, with the not- form", async () => {
    expect(await check("Paris", { type: "javascript", value: "output === context.vars.city" })).toMatchObject({ pass: true, score: 1 });
    expect(await check("Paris", { type: "javascript", value: "const n = output.length; n > 10" })).toMatchObject({ pass: false });
    expect(await check("Paris", { type: "javascript", value: "const s = output.length / 10;\nreturn s;", threshold: 0.5 })).toMatchObject({ pass: true, score: 0.5 });
    expect(await check("Paris", { type: "not-javascript", value: "output.startsWith('P')" })).toMatchObject({ pass: false });
    expect(await check("Paris", { type: "javascript", value: "file://check.mjs" })).toMatchObject({ pass: true, score: 0.8, reason: "city found" });
    expect(await check("Paris!", { type: "javascript", value: "file://check.mjs:short" })).toMatchObject({ pass: false });
  });

  it("fails an assertion that throws and makes one that never ends an error, within its time limit", async () => {
    const threw = await check("x", { type: "javascript", value: "JSON.parse(output).a" });
    expect(threw.pass).toBe(false);
    expect(threw.error).toBeUndefined();
    expect(threw.reason).toContain("threw");
    const started = performance.now();
    const loop = await check("x", { type: "javascript", value: "while (true) {}\nreturn true;", timeoutMs: 300 });
    expect(loop).toMatchObject({ pass: false, error: true });
    expect(loop.reason).toContain("did not finish within 300 ms");
    const never = await check("x", { type: "javascript", value: "return new Promise(() => {});", timeoutMs: 300 });
    expect(never).toMatchObject({ pass: false, error: true });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await check("Paris", { type: "javascript", value: "output.length > 2" })).toMatchObject({ pass: true });
  });

  it("runs python inline and from a file, and stops one that never ends", async () => {
    expect(await check("Paris", { type: "python", value: "output.lower() == 'paris'" })).toMatchObject({ pass: true });
    expect(await check("Paris", { type: "python", value: "file://check.py" })).toMatchObject({ pass: true, score: 0.7, reason: "checked in python" });
    expect(await check("Paris", { type: "python", value: "file://check.py:upper" })).toMatchObject({ pass: false });
    const raised = await check("Paris", { type: "python", value: "1/0" });
    expect(raised.pass).toBe(false);
    expect(raised.error).toBeUndefined();
    expect(raised.reason).toContain("ZeroDivisionError");
    const loop = await check("Paris", { type: "python", value: "import time\nwhile True:\n    time.sleep(0.01)", timeoutMs: 400 });
    expect(loop).toMatchObject({ pass: false, error: true });
  });
});
