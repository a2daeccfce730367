import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { graderModel } from "./grader-replies.js";

/**
 * `model-graded-closedqa`: a grader answers whether the output meets a criterion, Y or N
 * (OpenAI evals' closedqa). The prompt and the reading are promptfoo 0.123.1's: the task is
 * the rendered prompt, and the output meets the criterion only when the reply ENDS with "Y"
 * (a reply ending "Yes" does not); a reply ending in neither Y nor N cannot be read.
 */
export const modelGradedClosedQa: AssertionHandler = async (input) => {
  const criterion = typeof input.value === "string" ? input.value : "";
  if (criterion.trim() === "") throw new AssertionValueError('"model-graded-closedqa" needs a criterion as its value');
  const modelId = graderModel(input);
  const system = `You are assessing a submitted answer on a given task based on a criterion. Here is the data:
[BEGIN DATA]
***
[Task]: ${input.prompt ?? ""}
***
[Submission]: ${input.outputText}
***
[Criterion]: ${criterion}
***
[END DATA]
Does the submission meet the criterion? First, write out in a step by step manner your reasoning about the criterion to be sure that your conclusion is correct. Avoid simply stating the correct answers at the outset. Then print only the single character "Y" or "N" (without quotes or punctuation) on its own line corresponding to the correct answer. At the end, repeat just the letter again by itself on a new line.`;
  const reply = await input.services.generate({ modelId, prompt: system });
  const ending = reply.trimEnd().at(-1);
  if (ending !== "Y" && ending !== "N") return { pass: false, score: 0, reason: `the grader ${modelId} did not end its reply with Y or N: ${reply.slice(-120)}`, error: true };
  const meets = ending === "Y";
  const pass = meets !== input.inverse;
  return { pass, score: pass ? 1 : 0, reason: `${meets ? "meets" : "does not meet"} the criterion (${modelId})`, metadata: { grader: modelId, reply } };
};
