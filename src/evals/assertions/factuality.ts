import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { extractJsonObjects } from "./extract-json-objects.js";
import { graderModel } from "./grader-replies.js";

const categories: Record<string, { pass: boolean; meaning: string }> = {
  A: { pass: true, meaning: "The submitted answer is a subset of the expert answer and is fully consistent with it." },
  B: { pass: true, meaning: "The submitted answer is a superset of the expert answer and is fully consistent with it." },
  C: { pass: true, meaning: "The submitted answer contains all the same details as the expert answer." },
  D: { pass: false, meaning: "There is a disagreement between the submitted answer and the expert answer." },
  E: { pass: true, meaning: "The answers differ, but these differences don't matter from the perspective of factuality." },
};

// promptfoo 0.123.1's factuality prompt, so a grader model judges the same request.
const system = `You are a precise factuality evaluator that compares a submitted answer to an expert answer.

Your task is to analyze the factual content while ignoring differences in style, grammar, or punctuation.
You must categorize the submission into one of these options:

${Object.entries(categories)
  .map(([letter, { meaning }]) => `(${letter}) ${meaning}`)
  .join("\n")}

Respond ONLY with a JSON object in this format:
{
  "category": "[LETTER]",
  "reason": "[DETAILED EXPLANATION]"
}

- The "category" must be a single letter A, B, C, D, or E.
- Provide a clear, detailed explanation in the "reason" field.
- Your response must be valid JSON with no additional text.`;

/**
 * `factuality`: a grader compares the output's facts with a reference answer (OpenAI evals'
 * categories A-E; D fails). The question is the rendered prompt, and the reply is read as
 * promptfoo reads it: the `category` of the first JSON object, else a letter followed by ")"
 * as in "(B)" or "B)"; a category outside A-E cannot be read.
 */
export const factuality: AssertionHandler = async (input) => {
  const reference = typeof input.value === "string" ? input.value : "";
  if (reference.trim() === "") throw new AssertionValueError('"factuality" needs the reference answer as its value');
  const modelId = graderModel(input);
  const prompt = `I need you to compare these answers:

<question>
${input.prompt ?? ""}
</question>

<expert_answer>
${reference}
</expert_answer>

<submitted_answer>
${input.outputText}
</submitted_answer>

Please analyze the factual relationship between these answers according to the categories you've been given.`;
  const reply = await input.services.generate({ modelId, system, prompt });
  const letter = readCategory(reply);
  if (letter === undefined) return { pass: false, score: 0, reason: `the grader ${modelId} chose no category A-E: ${reply.slice(0, 120)}`, error: true };
  const category = categories[letter]!;
  const pass = category.pass !== input.inverse;
  return { pass, score: pass ? 1 : 0, reason: `(${letter}) ${category.meaning} (${modelId})`, metadata: { grader: modelId, choice: letter } };
};

function readCategory(reply: string): string | undefined {
  const first = extractJsonObjects(reply)[0] as { category?: unknown } | undefined;
  if (typeof first?.category === "string" && first.category !== "") {
    const letter = first.category.trim().toUpperCase();
    return /^[A-E]$/.test(letter) ? letter : undefined;
  }
  return /\s*\(?([a-eA-E])\)/.exec(reply)?.[1]?.toUpperCase();
}
