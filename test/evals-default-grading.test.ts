import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flywheel } from "../src/runtime/index.js";
import { defaultGrading, gradingLine, loadSuite, runEvalSuite } from "../src/evals/index.js";
import type { SuiteFile } from "../src/evals/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { startProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

const rubricSuite = (extra: Partial<SuiteFile> = {}): SuiteFile => ({
  prompts: ["Write about {{topic}}"],
  providers: ["echo"],
  tests: [{ vars: { topic: "cats" }, assert: [{ type: "llm-rubric", value: "mentions cats" }] }],
  ...extra,
});

describe("default grader and embedder", () => {
  it("follow the keys present, as promptfoo picks them", () => {
    const choose = (env: Record<string, string>, providers = {}) => defaultGrading({ env, providers });
    expect(choose({ OPENAI_API_KEY: "k", ANTHROPIC_API_KEY: "k" })).toEqual({
      grader: "openai:gpt-5.6-sol",
      embedder: "openai:text-embedding-3-large",
      jsonObject: true,
      line: "grading with openai:gpt-5.6-sol, embedding with openai:text-embedding-3-large (OPENAI_API_KEY is set)",
    });
    expect(choose({ ANTHROPIC_API_KEY: "k" })).toMatchObject({ grader: "anthropic:claude-sonnet-4-6", embedder: "openai:text-embedding-3-large", jsonObject: false });
    expect(choose({ ANTHROPIC_API_KEY: "k" }).line).toBe("grading with anthropic:claude-sonnet-4-6 (ANTHROPIC_API_KEY is set), embedding with openai:text-embedding-3-large (needs OPENAI_API_KEY, as in promptfoo)");
    expect(choose({ OPENAI_API_KEY: "" })).toEqual({ grader: "local:default", embedder: "local:embed", jsonObject: false, line: "grading with local:default, embedding with local:embed (no OPENAI_API_KEY or ANTHROPIC_API_KEY set)" });
    expect(choose({ GEMINI_API_KEY: "k" }).line).toBe("grading with local:default, embedding with local:embed (GEMINI_API_KEY is set, but Flywheel cannot call Google AI Studio; set OPENAI_API_KEY or ANTHROPIC_API_KEY to grade as promptfoo does)");
    // A key in flywheel.config counts, as does a key under another variable named there.
    expect(choose({}, { openai: { apiKey: "k" } }).line).toContain("(providers.openai.apiKey is set)");
    expect(choose({ MY_KEY: "k" }, { anthropic: { apiKeyEnv: "MY_KEY" } }).grader).toBe("anthropic:claude-sonnet-4-6");
  });

  it("apply only where the suite names no grader, and are announced only when used", async () => {
    const grading = defaultGrading({ env: { OPENAI_API_KEY: "k" }, providers: {} });
    const chosen = await loadSuite({ suite: rubricSuite(), grading });
    expect([chosen.grader, chosen.embedder]).toEqual(["openai:gpt-5.6-sol", "openai:text-embedding-3-large"]);
    expect(gradingLine(chosen)).toBe(grading.line);
    const named = await loadSuite({ suite: rubricSuite({ grader: "openai:gpt-4o-mini", embedder: "openai:text-embedding-3-small" }), grading });
    expect([named.grader, named.embedder, gradingLine(named)]).toEqual(["openai:gpt-4o-mini", "openai:text-embedding-3-small", undefined]);
    const fromDefaultTest = await loadSuite({ suite: rubricSuite({ defaultTest: { options: { provider: "openai:chat:gpt-4o" } } }), grading });
    expect(fromDefaultTest.tests[0]!.grader).toBe("openai:gpt-4o");
    expect(gradingLine(fromDefaultTest)).toBeUndefined();
    const noGrading = await loadSuite({ suite: { ...rubricSuite(), tests: [{ vars: { topic: "cats" }, assert: [{ type: "contains", value: "cats" }] }] }, grading });
    expect(gradingLine(noGrading)).toBeUndefined();
    const similar = await loadSuite({ suite: { ...rubricSuite({ grader: "openai:gpt-4o-mini" }), tests: [{ vars: { topic: "cats" }, assert: [{ type: "similar", value: "cats" }] }] }, grading });
    expect(gradingLine(similar)).toBe(grading.line);
  });
});

describe("the embedded fallback grader", () => {
  let server: ProtocolServer;
  let flywheel: Flywheel & { folder: string };
  beforeAll(async () => {
    server = await startProtocolServer();
    flywheel = await flywheelAgainst(server, { env: { OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "" } });
  });
  afterAll(async () => {
    await flywheel.close();
    await server.close();
  });

  it("holds even the 135M local:tiny model to a readable verdict", async () => {
    const topics = ["cats", "tax law", "rockets", "winter"];
    const { run } = await runEvalSuite(flywheel, {
      suite: { prompts: ["Write one line about {{topic}}"], providers: ["echo"], grader: "local:tiny", tests: topics.map((topic) => ({ vars: { topic }, assert: [{ type: "llm-rubric", value: `The text is about ${topic}` }] })) },
      cwd: flywheel.folder,
      resume: false,
      cache: false,
    });
    const replies = run.cells.flatMap((cell) => cell.assertions).map((assertion) => JSON.parse(String(assertion.metadata?.reply)) as Record<string, unknown>);
    expect(replies).toHaveLength(topics.length);
    for (const reply of replies) expect([typeof reply.reason, typeof reply.pass, typeof reply.score]).toEqual(["string", "boolean", "number"]);
  }, 240_000);

  it("without a key grades with the embedded model, and every verdict parses", async () => {
    const topics = ["cats", "tax law", "rockets"];
    const { suite, run } = await runEvalSuite(flywheel, {
      suite: {
        prompts: ["Write one line about {{topic}}"],
        providers: ["echo"],
        tests: topics.map((topic) => ({ vars: { topic }, assert: [{ type: "llm-rubric", value: `The text is about ${topic}` }, { type: "not-llm-rubric", value: "The text is rude" }] })),
      },
      cwd: flywheel.folder,
      resume: false,
      cache: false,
    });
    expect(suite.grader).toBe("local:default");
    expect(gradingLine(suite)).toBe("grading with local:default, embedding with local:embed (no OPENAI_API_KEY or ANTHROPIC_API_KEY set)");
    const assertions = run.cells.flatMap((cell) => cell.assertions);
    expect(assertions).toHaveLength(topics.length * 2);
    for (const assertion of assertions) {
      expect(assertion.error, assertion.reason).toBeFalsy();
      const verdict = JSON.parse(String(assertion.metadata?.reply)) as Record<string, unknown>;
      expect(Object.keys(verdict).sort()).toEqual(["pass", "reason", "score"]);
      expect(typeof verdict.pass).toBe("boolean");
    }
  }, 240_000);
});
