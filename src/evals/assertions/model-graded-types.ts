// Assertions that call a model: promptfoo's own list of model-graded types
// (MODEL_GRADED_ASSERTION_TYPES in its evaluator), plus those that call an embedding,
// classification or moderation model. Online checks sample these and hold them to a budget;
// the promptfoo benches report agreement on the other cells apart.
const modelGraded = new Set([
  "agent-rubric",
  "answer-relevance",
  "classifier",
  "context-faithfulness",
  "context-recall",
  "context-relevance",
  "conversation-relevance",
  "factuality",
  "g-eval",
  "llm-rubric",
  "model-graded-closedqa",
  "model-graded-factuality",
  "moderation",
  "pi",
  "search-rubric",
  "select-best",
  "similar",
  "trajectory:goal-success",
]);

/** True when an assertion type (with or without `not-`) calls a model to decide. */
export function isModelGraded(type: string): boolean {
  return modelGraded.has(type.replace(/^not-/, "").replace(/^similar:.*/, "similar"));
}
