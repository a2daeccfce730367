import type { AssertionSpec } from "./eval-suite.js";

// Every base type promptfoo knows, so that a CSV `__expected` value such as `is-xml: ...`
// is read as that (unsupported) type and reported, never silently taken as `equals`.
const knownTypes = [
  "agent-rubric", "answer-relevance", "bleu", "classifier", "contains", "contains-all", "contains-any", "contains-html",
  "contains-json", "contains-sql", "contains-xml", "context-faithfulness", "context-recall", "context-relevance",
  "conversation-relevance", "cost", "ends-with", "equals", "factuality", "finish-reason", "g-eval", "gleu", "guardrails",
  "icontains", "icontains-all", "icontains-any", "is-html", "is-json", "is-refusal", "is-sql", "is-valid-function-call",
  "is-valid-openai-function-call", "is-valid-openai-tools-call", "is-xml", "javascript", "latency", "levenshtein",
  "llm-rubric", "meteor", "model-graded-closedqa", "model-graded-factuality", "moderation", "perplexity",
  "perplexity-score", "pi", "python", "regex", "rouge-n", "ruby", "search-rubric", "similar", "starts-with",
  "tool-call-f1", "webhook", "word-count",
];
const assertionPattern = new RegExp(`^(not-)?(${knownTypes.join("|")})(?:\\((\\d+(?:\\.\\d+)?)\\))?(?::([\\s\\S]*))?$`);
const listTypes = new Set(["contains-all", "contains-any", "icontains-all", "icontains-any"]);
const scoredTypes = new Set([
  "answer-relevance", "classifier", "context-faithfulness", "context-recall", "context-relevance", "cost", "latency",
  "levenshtein", "perplexity-score", "perplexity", "rouge-n", "similar", "starts-with",
]);

/**
 * Reads a CSV `__expected` cell the way promptfoo does: `contains:Paris`, `not-icontains:x`,
 * `similar(0.9):text`, `javascript: output.length < 50`, `grade: is polite`, `file://check.py`,
 * and anything else is an `equals` check. The value after the colon is kept as written.
 */
export function assertionFromString(expected: string): AssertionSpec {
  for (const prefix of ["javascript:", "fn:", "eval:"]) {
    if (expected.startsWith(prefix)) return { type: "javascript", value: expected.slice(prefix.length).trim() };
  }
  if (expected.startsWith("grade:")) return { type: "llm-rubric", value: expected.slice("grade:".length) };
  if (expected.startsWith("llm-rubric:")) return { type: "llm-rubric", value: expected.slice("llm-rubric:".length) };
  if (expected.startsWith("python:")) return { type: "python", value: expected.slice("python:".length).trim() };
  if (expected.startsWith("file://")) {
    if (expected.endsWith(".py") || expected.includes(".py:")) return { type: "python", value: expected };
    if (/\.[cm]?[jt]s(:|$)/.test(expected)) return { type: "javascript", value: expected };
  }
  const match = assertionPattern.exec(expected);
  if (match === null) return { type: "equals", value: expected };
  const [, not, type, thresholdText, value] = match as unknown as [string, string | undefined, string, string | undefined, string | undefined];
  const fullType = `${not ?? ""}${type}`;
  if (listTypes.has(type)) return { type: fullType, value: (value ?? "").split(",").map((item) => item.trim()) };
  if (scoredTypes.has(type)) {
    const threshold = thresholdText === undefined ? Number.NaN : Number.parseFloat(thresholdText);
    return { type: fullType, value, threshold: threshold || (type === "similar" ? 0.8 : 0.75) };
  }
  return { type: fullType, value };
}
