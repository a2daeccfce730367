import type { AssertionHandler } from "./assertion-types.js";
import { cosineSimilarity } from "./cosine-similarity.js";
import { graderModel, questionOf } from "./grader-replies.js";

const QUESTIONS = 3;

/**
 * `answer-relevance`: a grader writes questions the output would answer; the mean cosine
 * similarity of their embeddings to the real question is the score (threshold default 0).
 */
export const answerRelevance: AssertionHandler = async (input) => {
  const { services } = input;
  const modelId = graderModel(input);
  const question = questionOf(input);
  const questions: string[] = [];
  for (let index = 0; index < QUESTIONS; index += 1) {
    const reply = await services.generate({ modelId, prompt: `Write one question that this answer responds to. Reply with the question only.\n(variant ${index + 1})\nAnswer: ${input.outputText}` });
    questions.push(reply.trim().split("\n")[0] ?? "");
  }
  const [questionVector, ...vectors] = await services.embed({ modelId: input.assertion.provider ?? services.embedder, texts: [question, ...questions] });
  const score = vectors.reduce((sum, vector) => sum + cosineSimilarity(questionVector!, vector), 0) / vectors.length;
  const threshold = input.assertion.threshold ?? 0;
  const relevant = score >= threshold - Number.EPSILON;
  const pass = relevant !== input.inverse;
  return { pass, score: Math.max(0, Math.min(1, score)), reason: `relevance ${score.toFixed(2)} ${relevant ? "≥" : "<"} ${threshold} (${modelId})`, metadata: { grader: modelId, questions } };
};
