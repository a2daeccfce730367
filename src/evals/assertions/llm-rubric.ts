import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { graderModel, readVerdict } from "./grader-replies.js";

const system = `You grade an output against a rubric. Reply with only a JSON object:
{"reason": "<one sentence>", "pass": true or false, "score": <number from 0 to 1>}`;

/** `llm-rubric`: a grader model judges the output against a rubric in plain words; `threshold` applies to its score. */
export const llmRubric: AssertionHandler = async (input) => {
  const rubric = typeof input.value === "string" ? input.value : input.value === undefined ? "" : JSON.stringify(input.value);
  if (rubric.trim() === "") throw new AssertionValueError('"llm-rubric" needs a rubric as its value');
  const modelId = graderModel(input);
  const reply = await input.services.generate({ modelId, system, prompt: `<Output>\n${input.outputText}\n</Output>\n<Rubric>\n${rubric}\n</Rubric>` });
  const verdict = readVerdict(reply);
  if (verdict === undefined) return { pass: false, score: 0, reason: `the grader ${modelId} replied in a form that could not be read: ${reply.slice(0, 120)}`, error: true };
  const threshold = input.assertion.threshold;
  const rawPass = threshold === undefined ? verdict.pass : verdict.score >= threshold;
  const pass = rawPass !== input.inverse;
  return { pass, score: input.inverse ? 1 - verdict.score : verdict.score, reason: `${verdict.reason || (rawPass ? "the grader passed it" : "the grader failed it")} (${modelId})`, metadata: { grader: modelId, reply } };
};
