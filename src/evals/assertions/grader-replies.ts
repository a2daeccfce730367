import type { AssertionInput } from "./assertion-types.js";
import { extractJsonObjects } from "./extract-json-objects.js";

/** The grader model for an assertion: its own `provider`, else the test's, else the suite's. */
export function graderModel(input: AssertionInput): string {
  return input.assertion.provider ?? input.test.grader ?? input.services.grader;
}

/**
 * A `{reason, pass, score}` verdict read from a grader's reply as promptfoo 0.123.1 reads it,
 * so the same reply gives the same verdict: the FIRST JSON object in the reply counts; a
 * missing `pass` counts as true and a non-boolean one passes only as true/yes/pass/y; a
 * missing or non-numeric `score` is the pass as 0 or 1; the score is not clamped; with a
 * threshold, the verdict passes only if it passed AND its score reaches the threshold.
 * Undefined when the reply holds no JSON object.
 */
export function readVerdict(reply: string, threshold?: number): { pass: boolean; score: number; reason: string } | undefined {
  const first = extractJsonObjects(reply)[0];
  if (typeof first !== "object" || first === null || Array.isArray(first)) return undefined;
  const record = first as Record<string, unknown>;
  const stated = record.pass ?? true;
  let pass = typeof stated === "boolean" ? stated : /^(true|yes|pass|y)$/i.test(String(stated));
  const score = Number.isFinite(Number(record.score)) ? Number(record.score) : Number(pass);
  if (threshold !== undefined) pass = pass && score >= threshold;
  const reason = typeof record.reason === "string" && record.reason !== "" ? record.reason : pass ? "the grader passed it" : `score ${score} below threshold ${threshold}`;
  return { pass, score, reason };
}

/** Reads one yes/no verdict per numbered item (`1. Yes`, `2: no`); missing items count as no. Undefined when none is readable. */
export function readNumberedVerdicts(reply: string, count: number): boolean[] | undefined {
  const verdicts = new Array<boolean | undefined>(count).fill(undefined);
  let found = 0;
  let position = 0;
  for (const line of reply.split("\n")) {
    const match = /^\s*(?:(\d+)\s*[.):-]\s*)?.*?\b(yes|no|supported|unsupported|attributed|not attributed)\b/i.exec(line);
    if (match === null) continue;
    const index = match[1] !== undefined ? Number(match[1]) - 1 : position;
    if (index < 0 || index >= count || verdicts[index] !== undefined) continue;
    verdicts[index] = /^(yes|supported|attributed)$/i.test(match[2]!);
    found += 1;
    position = index + 1;
  }
  return found === 0 ? undefined : verdicts.map((verdict) => verdict === true);
}

/** Splits text into sentences on `.`, `!`, `?` and line breaks. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 1);
}

/** The question a RAG-style assertion is about: `query` or `question` var, else the prompt. */
export function questionOf(input: AssertionInput): string {
  const { vars } = input;
  const value = vars.query ?? vars.question ?? input.prompt ?? "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Retrieved context for RAG assertions: the target's, else the `context` var. */
export function contextOf(input: AssertionInput): string | undefined {
  const context = input.context ?? (input.vars.context as string | string[] | undefined);
  if (context === undefined || context === null) return undefined;
  return Array.isArray(context) ? context.map(String).join("\n\n") : String(context);
}
