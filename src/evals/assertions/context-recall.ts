import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { contextOf, graderModel, readNumberedVerdicts, splitSentences } from "./grader-replies.js";

/**
 * `context-recall`: the share of the reference answer's sentences (the value) that the
 * retrieved context supports, judged by a grader (threshold default 0).
 */
export const contextRecall: AssertionHandler = async (input) => {
  const context = contextOf(input);
  if (context === undefined) throw new AssertionValueError('"context-recall" needs retrieved context: from the target, or a "context" var');
  const reference = typeof input.value === "string" ? input.value : "";
  const sentences = splitSentences(reference).slice(0, 20);
  if (sentences.length === 0) throw new AssertionValueError('"context-recall" needs the reference answer as its value');
  const modelId = graderModel(input);
  const prompt = `Context:\n${context}\n\nFor each numbered sentence, answer Yes if it can be attributed to the context, otherwise No. Reply with one line per sentence, like "1. Yes".\n${sentences.map((sentence, index) => `${index + 1}. ${sentence}`).join("\n")}`;
  const reply = await input.services.generate({ modelId, prompt });
  const verdicts = readNumberedVerdicts(reply, sentences.length);
  if (verdicts === undefined) return { pass: false, score: 0, reason: `the grader ${modelId} gave no Yes/No verdicts: ${reply.slice(0, 120)}`, error: true };
  const score = verdicts.filter(Boolean).length / sentences.length;
  const threshold = input.assertion.threshold ?? 0;
  const recalled = score >= threshold - Number.EPSILON;
  const pass = recalled !== input.inverse;
  return { pass, score, reason: `recall ${score.toFixed(2)} ${recalled ? "≥" : "<"} ${threshold}: ${verdicts.filter(Boolean).length} of ${sentences.length} sentences in the context (${modelId})`, metadata: { grader: modelId, sentences, verdicts } };
};
