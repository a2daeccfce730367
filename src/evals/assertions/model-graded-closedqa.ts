import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { graderModel, questionOf } from "./grader-replies.js";

/** `model-graded-closedqa`: a grader answers whether the output meets a criterion, Y or N (OpenAI evals' closedqa). */
export const modelGradedClosedQa: AssertionHandler = async (input) => {
  const criterion = typeof input.value === "string" ? input.value : "";
  if (criterion.trim() === "") throw new AssertionValueError('"model-graded-closedqa" needs a criterion as its value');
  const modelId = graderModel(input);
  const prompt = `You are assessing a submitted answer on a given task based on a criterion.
[BEGIN DATA]
[Task]: ${questionOf(input)}
[Submission]: ${input.outputText}
[Criterion]: ${criterion}
[END DATA]
Does the submission meet the criterion? Reason in one sentence, then write only the single letter Y or N on the last line.`;
  const reply = await input.services.generate({ modelId, prompt });
  const lastLine = reply.trim().split("\n").at(-1) ?? "";
  const answer = /\b([YN])\b|\b(yes|no)\b/i.exec(lastLine) ?? /\b([YN])\b|\b(yes|no)\b/i.exec(reply);
  if (answer === null) return { pass: false, score: 0, reason: `the grader ${modelId} gave no Y or N: ${reply.slice(0, 120)}`, error: true };
  const meets = /^(y|yes)$/i.test(answer[1] ?? answer[2] ?? "");
  const pass = meets !== input.inverse;
  return { pass, score: pass ? 1 : 0, reason: `${meets ? "meets" : "does not meet"} the criterion (${modelId})`, metadata: { grader: modelId, reply } };
};
