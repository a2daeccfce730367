import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadSuite, runEvalSuite } from "../src/evals/index.js";
import type { SuiteFile } from "../src/evals/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

// What promptfoo's compatibility fixtures (transforms*, storeoutputas) cannot show: the
// errors, with the transform's place in the file, and storeOutputAs across a resumed run.

let server: ProtocolServer;
let flywheel: Flywheel & { folder: string };

useProtocolServer((started) => (server = started));
beforeEach(async () => {
  server.reset();
  flywheel = await flywheelAgainst(server);
});
afterEach(async () => {
  await flywheel.close();
});

describe("transforms", () => {
  it("turns a transform that throws or returns nothing into an error on that cell, naming where it is, and runs the rest", async () => {
    writeFileSync(path.join(flywheel.folder, "transform.py"), "def get_transform(output, context):\n    return output[::-1]\n");
    server.script("grader", (request) => ({ text: (request.messages.at(-1)?.content ?? "").includes("Context:\nctx: Q: recall\n") ? "1. Yes" : "1. No" }));
    const { run } = await runEvalSuite(flywheel, {
      cwd: flywheel.folder,
      resume: false,
      suite: {
        prompts: ["Q: {{q}}"],
        grader: "openai:grader",
        providers: [{ id: "echo", transform: "output.startsWith('Q: boom') ? output.nope.deeper : output" }],
        tests: [
          { vars: { q: "fine" }, options: { transform: "file://transform.py" }, assert: [{ type: "equals", value: "enif :Q" }] },
          { vars: { q: "boom" } },
          { vars: { q: "nothing" }, options: { transform: "undefined" } },
          { vars: { q: "assertion" }, assert: [{ type: "contains", value: "x", transform: "JSON.parse(output)" }] },
          { vars: { q: "vars" }, options: { transformVars: "'not vars'" } },
          { vars: { q: "context" }, assert: [{ type: "context-recall", value: "a fact", contextTransform: "output.length" }] },
          // contextTransform reads the output before the test's transform.
          { vars: { q: "recall" }, options: { transform: "output.toUpperCase()" }, assert: [{ type: "context-recall", value: "A fact.", threshold: 1, contextTransform: "'ctx: ' + output" }] },
        ],
      } satisfies SuiteFile,
    });
    const cell = (test: number) => run.cells.find((candidate) => candidate.testIndex === test)!;
    expect(cell(0)).toMatchObject({ status: "pass", output: "enif :Q" });
    expect(cell(1)).toMatchObject({ status: "error", error: expect.stringMatching(/^the transform at providers\[0\]\.transform failed: .*deeper/) });
    expect(cell(2)).toMatchObject({ status: "error", error: "the transform at tests[2].options.transform failed: it returned no value" });
    expect(cell(3)).toMatchObject({ status: "error", error: expect.stringMatching(/^contains: the transform at tests\[3\]\.assert\[0\]\.transform failed: .*JSON/) });
    expect(cell(4)).toMatchObject({ status: "error", error: "the transform at tests[4].options.transformVars failed: it returned string, not an object of vars" });
    expect(cell(6)).toMatchObject({ status: "pass", score: 1, output: "Q: RECALL" });
    expect(cell(5)).toMatchObject({ status: "error", error: "context-recall: the transform at tests[5].assert[0].contextTransform failed: it returned number, not a string or a list of strings" });
  });

  it("reads every transform key of a promptfoo config without a warning", async () => {
    const suite = await loadSuite({ file: path.join(import.meta.dirname, "fixtures", "promptfoo-compat", "transforms", "promptfooconfig.yaml") });
    expect(suite.warnings).toEqual([]);
    expect(suite.tests[0]!.transform).toEqual({ code: "output.trim()", where: "defaultTest.options.transform" });
    expect(suite.tests[3]!.assert[0]!.transform?.where).toBe("tests[3].assert[0].transform");
    expect(suite.targets[1]!.transform).toEqual({ code: "file://transforms.mjs:wrap", where: "providers[1].transform" });
  });
});

describe("storeOutputAs", () => {
  const chain: SuiteFile = {
    prompts: ["Step {{step}} after <{{previous}}>"],
    providers: ["openai:chat:gpt-4o-mini"],
    concurrency: 8,
    defaultTest: { vars: { previous: "nothing" } },
    tests: [
      { vars: { step: 1 }, options: { storeOutputAs: "previous" } },
      { vars: { step: 2 }, options: { storeOutputAs: "previous" } },
      { vars: { step: 3 } },
    ],
  };

  it("feeds each output to the tests after it, one cell at a time, and again when the run resumes", async () => {
    const first = await runEvalSuite(flywheel, { cwd: flywheel.folder, resume: false, maxCalls: 1, suite: chain });
    expect(first.run.status).toBe("stopped");
    expect(first.run.cells.map((cell) => cell.prompt)).toEqual(["Step 1 after <nothing>"]);
    const resumed = await runEvalSuite(flywheel, { cwd: flywheel.folder, resume: first.run.runId, suite: chain });
    expect(resumed.run.status).toBe("completed");
    expect(resumed.run.cells.map((cell) => cell.prompt)).toEqual([
      "Step 1 after <nothing>",
      "Step 2 after <You said: Step 1 after <nothing>>",
      "Step 3 after <You said: Step 2 after <You said: Step 1 after <nothing>>>",
    ]);
  });

  it("refuses a distributed run, whose shards cannot share outputs", async () => {
    await expect(runEvalSuite(flywheel, { cwd: flywheel.folder, resume: false, suite: chain, distributed: {} })).rejects.toThrow(/test 1 keeps its output as \{\{previous\}\}.*storeOutputAs/);
  });
});
