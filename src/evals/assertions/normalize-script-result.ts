import type { AssertionResult } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";

/**
 * Turns what a javascript or python assertion returned into a verdict, as promptfoo
 * does: a boolean passes or fails; a number is a score that passes above 0 (or at the
 * threshold); `{ pass, score, reason }` is taken as is (failing below the threshold);
 * JSON text and "true"/"false" strings are read first. `not-` types invert the verdict.
 */
export function normalizeScriptResult(result: unknown, options: { inverse: boolean; threshold: number | undefined; language: string }): AssertionResult {
  const { inverse, threshold, language } = options;
  if (typeof result === "string") {
    const lower = result.trim().toLowerCase();
    if (lower === "true" || lower === "false") return normalizeScriptResult(lower === "true", options);
    if (result.trim().startsWith("{")) {
      try {
        return normalizeScriptResult(JSON.parse(result) as unknown, options);
      } catch {
        throw new AssertionValueError(`the ${language} assertion returned text that is not JSON: ${result.slice(0, 80)}`);
      }
    }
    const number = Number.parseFloat(result);
    if (Number.isNaN(number)) throw new AssertionValueError(`the ${language} assertion must return a boolean, a number or { pass, score, reason }; it returned "${result.slice(0, 80)}"`);
    return normalizeScriptResult(number, options);
  }
  if (typeof result === "boolean") {
    const pass = result !== inverse;
    return { pass, score: pass ? 1 : 0, reason: pass ? "assertion passed" : `the ${language} assertion returned ${result}` };
  }
  if (typeof result === "number" && Number.isFinite(result)) {
    const rawPass = threshold === undefined ? result > 0 : result >= threshold;
    const pass = rawPass !== inverse;
    return { pass, score: clamp(result), reason: pass ? "assertion passed" : `the ${language} assertion scored ${result}${threshold === undefined ? "" : ` against the threshold ${threshold}`}` };
  }
  if (typeof result === "object" && result !== null && "pass" in result) {
    const record = result as { pass: unknown; score?: unknown; reason?: unknown };
    const score = typeof record.score === "number" && Number.isFinite(record.score) ? record.score : record.pass ? 1 : 0;
    let rawPass = Boolean(record.pass);
    let reason = typeof record.reason === "string" ? record.reason : rawPass ? "assertion passed" : `the ${language} assertion failed`;
    if (threshold !== undefined && score < threshold) {
      rawPass = false;
      reason = `score ${score} is under the threshold ${threshold}: ${reason}`;
    }
    const pass = rawPass !== inverse;
    return { pass, score: clamp(score), reason: inverse && !pass ? `the ${language} assertion passed, and it was negated` : reason };
  }
  throw new AssertionValueError(`the ${language} assertion must return a boolean, a number or { pass, score, reason }; it returned ${result === null ? "null" : typeof result}`);
}

function clamp(score: number): number {
  return Math.min(1, Math.max(0, score));
}
