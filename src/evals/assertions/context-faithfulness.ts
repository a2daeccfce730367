import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { contextOf, graderModel, readNumberedVerdicts, splitSentences } from "./grader-replies.js";

/**
 * `context-faithfulness`: the share of the output's statements that the retrieved
 * context supports, judged by a grader (context from the target, else the `context`
 * var; threshold default 0).
 */
export const contextFaithfulness: AssertionHandler = async (input) => {
  const context = contextOf(input);
  if (context === undefined) throw new AssertionValueError('"context-faithfulness" needs retrieved context: from the target, or a "context" var');
  const statements = splitSentences(input.outputText).slice(0, 20);
  if (statements.length === 0) return { pass: input.inverse, score: 0, reason: "the output makes no statement to check" };
  const modelId = graderModel(input);
  const prompt = `Context:\n${context}\n\nFor each numbered statement, answer Yes if the context supports it, otherwise No. Reply with one line per statement, like "1. Yes".\n${statements.map((statement, index) => `${index + 1}. ${statement}`).join("\n")}`;
  const reply = await input.services.generate({ modelId, prompt });
  const verdicts = readNumberedVerdicts(reply, statements.length);
  if (verdicts === undefined) return { pass: false, score: 0, reason: `the grader ${modelId} gave no Yes/No verdicts: ${reply.slice(0, 120)}`, error: true };
  const score = verdicts.filter(Boolean).length / statements.length;
  const threshold = input.assertion.threshold ?? 0;
  const faithful = score >= threshold - Number.EPSILON;
  const pass = faithful !== input.inverse;
  return { pass, score, reason: `faithfulness ${score.toFixed(2)} ${faithful ? "≥" : "<"} ${threshold}: ${verdicts.filter(Boolean).length} of ${statements.length} statements supported (${modelId})`, metadata: { grader: modelId, statements, verdicts } };
};
