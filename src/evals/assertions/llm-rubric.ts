import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { graderModel, readVerdict } from "./grader-replies.js";

// promptfoo's default rubric prompt, word for word, so a grader model judges the same request.
const system = `You are grading output according to a user-specified rubric. If the statement in the rubric is true, then the output passes the test. You respond with a JSON object with this structure: {reason: string, pass: boolean, score: number}

Examples:

<Output>Hello world</Output>
<Rubric>Content contains a greeting</Rubric>
{"reason": "the content contains the word 'Hello'", "pass": true, "score": 1.0}

<Output>Avast ye swabs, repel the invaders!</Output>
<Rubric>Does not speak like a pirate</Rubric>
{"reason": "'avast ye' is a common pirate term", "pass": false, "score": 0.0}`;

/**
 * `llm-rubric`: a grader model judges the output against a rubric in plain words and replies
 * with a `{reason, pass, score}` verdict, read as promptfoo reads it (see `readVerdict`); with
 * `threshold`, the verdict must pass AND the score reach it. `not-llm-rubric` flips the pass
 * and scores 1 - score.
 */
export const llmRubric: AssertionHandler = async (input) => {
  const rubric = typeof input.value === "string" ? input.value : input.value === undefined ? "" : JSON.stringify(input.value);
  if (rubric.trim() === "") throw new AssertionValueError('"llm-rubric" needs a rubric as its value');
  const modelId = graderModel(input);
  const reply = await input.services.generate({ modelId, system, prompt: `<Output>\n${input.outputText}\n</Output>\n<Rubric>\n${rubric}\n</Rubric>`, verdict: true });
  const verdict = readVerdict(reply, input.assertion.threshold);
  if (verdict === undefined) return { pass: false, score: 0, reason: `the grader ${modelId} replied in a form that could not be read: ${reply.slice(0, 120)}`, error: true };
  const pass = verdict.pass !== input.inverse;
  const score = input.inverse ? Math.min(1, Math.max(0, 1 - verdict.score)) : verdict.score;
  return { pass, score, reason: `${verdict.reason} (${modelId})`, metadata: { grader: modelId, reply } };
};
