import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEvalSuite } from "../src/evals/index.js";
import type { AssertionOutcome, SuiteFile } from "../src/evals/index.js";
import type { Flywheel } from "../src/runtime/index.js";
import { flywheelAgainst } from "./support/flywheel-fixture.js";
import { useProtocolServer } from "./support/protocol-server/index.js";
import type { ProtocolServer } from "./support/protocol-server/index.js";

// Assertions about meaning, judged by the real embedder (local:embed) on fixed outputs
// (the `echo` target answers with the prompt), so each verdict can be checked against
// what the texts mean, and each threshold against the similarity it compares.

let server: ProtocolServer;
let flywheel: Flywheel & { folder: string };
useProtocolServer((started) => (server = started));
beforeAll(async () => {
  flywheel = await flywheelAgainst(server);
});
afterAll(async () => {
  await flywheel.close();
});

const PARIS = "The capital of France is Paris.";
const PARAPHRASE = "Paris is the French capital city.";
const UNRELATED = "Bananas are a good source of potassium.";

/** Runs assertions on one fixed output and returns their outcomes in order. */
/** One assertion as a suite file writes it. */
type AssertionEntry = { type: string; value?: unknown; threshold?: number };

async function judge(output: string, assert: AssertionEntry[], extra: Partial<SuiteFile> = {}): Promise<AssertionOutcome[]> {
  const { run } = await runEvalSuite(flywheel, {
    cwd: flywheel.folder,
    resume: false,
    suite: { prompts: ["{{output}}"], providers: ["echo"], embedder: "local:embed", tests: [{ vars: { output, question: "What is the capital of France?" }, assert }], ...extra },
  });
  return run.cells[0]!.assertions;
}

describe("similarity assertions on the real embedder", () => {
  it("puts a paraphrase above the threshold and an unrelated text below it; not-similar is the reverse", async () => {
    const [paraphrase, unrelated, notParaphrase, notUnrelated] = [
      ...(await judge(PARIS, [{ type: "similar", value: PARAPHRASE, threshold: 0.6 }])),
      ...(await judge(UNRELATED, [{ type: "similar", value: PARAPHRASE, threshold: 0.6 }])),
      ...(await judge(PARIS, [{ type: "not-similar", value: PARAPHRASE, threshold: 0.6 }])),
      ...(await judge(UNRELATED, [{ type: "not-similar", value: PARAPHRASE, threshold: 0.6 }])),
    ];
    expect(paraphrase!.pass).toBe(true);
    expect(paraphrase!.metadata?.similarity).toBeGreaterThan(0.6);
    expect(unrelated!.pass).toBe(false);
    expect(unrelated!.metadata?.similarity).toBeLessThan(0.3);
    expect(notParaphrase!.pass).toBe(false);
    expect(notUnrelated!.pass).toBe(true);
  });

  it("compares against the threshold itself: passes just below the similarity, fails just above", async () => {
    const [measured] = await judge(PARIS, [{ type: "similar", value: PARAPHRASE, threshold: 0 }]);
    const similarity = measured!.metadata?.similarity as number;
    const [below, above] = await judge(PARIS, [
      { type: "similar", value: PARAPHRASE, threshold: similarity - 0.01 },
      { type: "similar", value: PARAPHRASE, threshold: similarity + 0.01 },
    ]);
    expect([below!.pass, above!.pass]).toEqual([true, false]);
    expect(above!.reason).toContain(`< ${similarity + 0.01}`);
  });

  it("takes the closest of several references", async () => {
    const [outcome] = await judge(PARIS, [{ type: "similar", value: [UNRELATED, PARAPHRASE], threshold: 0.6 }]);
    expect(outcome!.pass).toBe(true);
  });

  it("measures dot product and euclidean similarity on normalised vectors", async () => {
    const [cosine, dot, euclidean] = await judge(PARIS, [
      { type: "similar", value: PARAPHRASE, threshold: 0 },
      { type: "similar:dot", value: PARAPHRASE, threshold: 0 },
      { type: "similar:euclidean", value: PARAPHRASE, threshold: 0 },
    ]);
    const c = cosine!.metadata?.similarity as number;
    // The embedder normalises its vectors: the dot product is the cosine, the distance is sqrt(2 - 2 cos).
    expect(dot!.metadata?.similarity).toBeCloseTo(c, 5);
    // As in promptfoo, a euclidean threshold bounds the distance; the score is 1 / (1 + distance).
    const distance = Math.sqrt(2 - 2 * c);
    expect(euclidean!.metadata?.distance).toBeCloseTo(distance, 5);
    expect(euclidean!.score).toBeCloseTo(1 / (1 + distance), 5);
    expect(euclidean!.pass).toBe(false);
    const [near, unrelatedEuclidean] = [...(await judge(PARIS, [{ type: "similar:euclidean", value: PARAPHRASE, threshold: distance + 0.01 }])), ...(await judge(UNRELATED, [{ type: "similar:euclidean", value: PARAPHRASE, threshold: distance + 0.01 }]))];
    expect([near!.pass, unrelatedEuclidean!.pass]).toEqual([true, false]);
  });
});

describe("model-graded assertions", () => {
  it("answer-relevance scores the grader's questions against the real question", async () => {
    server.script("asks-back", () => ({ text: "What is the capital of France?" }));
    server.script("asks-elsewhere", () => ({ text: "How do bananas ripen?" }));
    const [relevant] = await judge(PARIS, [{ type: "answer-relevance", threshold: 0.8 }], { grader: "openai:asks-back" });
    const [irrelevant] = await judge(PARIS, [{ type: "answer-relevance", threshold: 0.5 }], { grader: "openai:asks-elsewhere" });
    expect(relevant!.pass).toBe(true);
    expect(relevant!.score).toBeGreaterThan(0.9);
    expect(irrelevant!.pass).toBe(false);
    expect(irrelevant!.score).toBeLessThan(0.5);
  });

  it("factuality reads the category as promptfoo does: the first JSON object's, else a letter before ')'", async () => {
    server.script("disagrees", () => ({ text: '{"category": "d", "reason": "other city"}' }));
    server.script("legacy-superset", () => ({ text: "Answer: B) it adds details" }));
    server.script("no-category", () => ({ text: '{"category": "F"} (A)' }));
    const reference = { type: "factuality", value: "Paris is the capital of France." };
    const [disagrees] = await judge(PARIS, [reference], { grader: "openai:disagrees" });
    const [superset] = await judge(PARIS, [reference], { grader: "openai:legacy-superset" });
    const [unread] = await judge(PARIS, [reference], { grader: "openai:no-category" });
    expect([disagrees!.pass, disagrees!.metadata?.choice, superset!.pass, superset!.metadata?.choice, unread!.error]).toEqual([false, "D", true, "B", true]);
    const graded = server.requests.find((request) => JSON.stringify(request.body).includes("<expert_answer>"));
    expect(JSON.stringify(graded?.body)).toContain(`<question>\\n${PARIS}\\n</question>`);
  });

  it("model-graded-closedqa follows the grader's Y or N, and an unreadable verdict is an error", async () => {
    server.script("says-yes", () => ({ text: "The submission names the city.\nY" }));
    server.script("says-no", () => ({ text: "It does not name a city.\nN" }));
    server.script("mumbles", () => ({ text: "Hard to say." }));
    const criterion = { type: "model-graded-closedqa", value: "names the capital city" };
    const [yes] = await judge(PARIS, [criterion], { grader: "openai:says-yes" });
    const [no] = await judge(PARIS, [criterion], { grader: "openai:says-no" });
    const [unread] = await judge(PARIS, [criterion], { grader: "openai:mumbles" });
    // As promptfoo reads it, only a reply that ENDS with "Y" meets the criterion.
    server.script("says-yes-word", () => ({ text: "Y, it does.\nYes" }));
    const [word] = await judge(PARIS, [criterion], { grader: "openai:says-yes-word" });
    expect([yes!.pass, no!.pass, unread!.pass, word!.pass]).toEqual([true, false, false, false]);
    expect(unread!.error).toBe(true);
    const graded = server.requests.filter((request) => JSON.stringify(request.body).includes("[Criterion]: names the capital city"));
    expect(graded.length).toBe(4);
    expect(JSON.stringify(graded[0]!.body)).toContain(`[Submission]: ${PARIS}`);
  });
});
