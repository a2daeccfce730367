import { answerRelevance } from "./answer-relevance.js";
import type { AssertionHandler } from "./assertion-types.js";
import { bleu } from "./bleu.js";
import { containsAll } from "./contains-all.js";
import { containsAny } from "./contains-any.js";
import { containsJson } from "./contains-json.js";
import { contains } from "./contains.js";
import { contextFaithfulness } from "./context-faithfulness.js";
import { contextRecall } from "./context-recall.js";
import { cost } from "./cost.js";
import { equals } from "./equals.js";
import { factuality } from "./factuality.js";
import { finishReason } from "./finish-reason.js";
import { icontainsAll } from "./icontains-all.js";
import { icontainsAny } from "./icontains-any.js";
import { icontains } from "./icontains.js";
import { isJson } from "./is-json.js";
import { isValidOpenAiFunctionCall } from "./is-valid-openai-function-call.js";
import { isValidOpenAiToolsCall } from "./is-valid-openai-tools-call.js";
import { javascript } from "./javascript.js";
import { latency } from "./latency.js";
import { levenshtein } from "./levenshtein.js";
import { llmRubric } from "./llm-rubric.js";
import { modelGradedClosedQa } from "./model-graded-closedqa.js";
import { python } from "./python.js";
import { redteam } from "./redteam.js";
import { regex } from "./regex.js";
import { rouge } from "./rouge-n.js";
import { similar } from "./similar.js";
import { startsWith } from "./starts-with.js";
import { trajectoryStepCount } from "./trajectory-step-count.js";
import { trajectoryToolUsed } from "./trajectory-tool-used.js";
import { wordCount } from "./word-count.js";

/** Every assertion type, by its name without `not-`. Each handler lives in a file named after it. */
export const assertionHandlers: Readonly<Record<string, AssertionHandler>> = {
  equals,
  contains,
  icontains,
  "contains-any": containsAny,
  "contains-all": containsAll,
  "icontains-any": icontainsAny,
  "icontains-all": icontainsAll,
  regex,
  "starts-with": startsWith,
  "is-json": isJson,
  "contains-json": containsJson,
  "is-valid-function-call": isValidOpenAiFunctionCall,
  "is-valid-openai-function-call": isValidOpenAiFunctionCall,
  "is-valid-openai-tools-call": isValidOpenAiToolsCall,
  javascript,
  python,
  levenshtein,
  "rouge-n": rouge,
  bleu,
  similar,
  "similar:cosine": similar,
  "similar:dot": similar,
  "similar:euclidean": similar,
  latency,
  cost,
  "llm-rubric": llmRubric,
  factuality,
  "model-graded-factuality": factuality,
  "model-graded-closedqa": modelGradedClosedQa,
  "answer-relevance": answerRelevance,
  "context-faithfulness": contextFaithfulness,
  "context-recall": contextRecall,
  "trajectory:tool-used": trajectoryToolUsed,
  "trajectory:step-count": trajectoryStepCount,
  "word-count": wordCount,
  "finish-reason": finishReason,
  redteam,
};

/** Types graded by a model (the report notes how strong the grader is). */
export const modelGradedTypes: ReadonlySet<string> = new Set(["llm-rubric", "factuality", "model-graded-factuality", "model-graded-closedqa", "answer-relevance", "context-faithfulness", "context-recall"]);

/** The type without its `not-` prefix, and whether it had one. */
export function splitAssertionType(type: string): { baseType: string; inverse: boolean } {
  return type.startsWith("not-") ? { baseType: type.slice(4), inverse: true } : { baseType: type, inverse: false };
}

/** True when Flywheel has a handler for the type (with or without `not-`). */
export function isKnownAssertionType(type: string): boolean {
  return Object.hasOwn(assertionHandlers, splitAssertionType(type).baseType);
}
