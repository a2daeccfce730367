import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { graderModel, questionOf } from "./grader-replies.js";

const categories: Record<string, { pass: boolean; meaning: string }> = {
  A: { pass: true, meaning: "the answer is a subset of the reference and consistent with it" },
  B: { pass: true, meaning: "the answer is a superset of the reference and consistent with it" },
  C: { pass: true, meaning: "the answer has the same details as the reference" },
  D: { pass: false, meaning: "the answer disagrees with the reference" },
  E: { pass: true, meaning: "the answers differ, but the differences do not matter for factuality" },
};

/** `factuality`: a grader compares the output's facts with a reference answer (OpenAI evals' categories A-E; D fails). */
export const factuality: AssertionHandler = async (input) => {
  const reference = typeof input.value === "string" ? input.value : "";
  if (reference.trim() === "") throw new AssertionValueError('"factuality" needs the reference answer as its value');
  const modelId = graderModel(input);
  const prompt = `You are comparing a submitted answer to an expert answer on a given question.
[Question]: ${questionOf(input)}
[Expert]: ${reference}
[Submission]: ${input.outputText}
Ignore differences in style, grammar or punctuation. Choose one option:
(A) The submitted answer is a subset of the expert answer and is fully consistent with it.
(B) The submitted answer is a superset of the expert answer and is fully consistent with it.
(C) The submitted answer contains all the same details as the expert answer.
(D) There is a disagreement between the submitted answer and the expert answer.
(E) The answers differ, but these differences don't matter from the perspective of factuality.
Answer with the single letter of your choice.`;
  const reply = await input.services.generate({ modelId, prompt });
  const letter = /\(?\b([A-E])\b\)?/.exec(reply.replace(/^\s*(answer|choice)\s*[:-]?/i, ""))?.[1];
  if (letter === undefined) return { pass: false, score: 0, reason: `the grader ${modelId} chose no option A-E: ${reply.slice(0, 120)}`, error: true };
  const category = categories[letter]!;
  const pass = category.pass !== input.inverse;
  return { pass, score: pass ? 1 : 0, reason: `(${letter}) ${category.meaning} (${modelId})`, metadata: { grader: modelId, choice: letter } };
};
