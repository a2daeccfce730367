import type { AssertionInput } from "./assertion-types.js";
import { extractJsonObjects } from "./extract-json-objects.js";

/** The grader model for an assertion: its own `provider`, else the test's, else the suite's. */
export function graderModel(input: AssertionInput): string {
  return input.assertion.provider ?? input.test.grader ?? input.services.grader;
}

/** A pass/score/reason verdict read from a grader's reply: a JSON object if there is one, else PASS/FAIL words. */
export function readVerdict(reply: string): { pass: boolean; score: number; reason: string } | undefined {
  for (const object of extractJsonObjects(reply)) {
    if (typeof object !== "object" || object === null) continue;
    const record = object as Record<string, unknown>;
    const score = typeof record.score === "number" ? record.score : typeof record.score === "string" ? Number.parseFloat(record.score) : undefined;
    const passValue = typeof record.pass === "boolean" ? record.pass : typeof record.pass === "string" ? /^(true|yes|pass)$/i.test(record.pass) : undefined;
    if (passValue === undefined && (score === undefined || Number.isNaN(score))) continue;
    const finalScore = score !== undefined && !Number.isNaN(score) ? Math.min(1, Math.max(0, score)) : passValue ? 1 : 0;
    return { pass: passValue ?? finalScore >= 0.5, score: finalScore, reason: typeof record.reason === "string" ? record.reason : "" };
  }
  const passWord = /\b(pass(es|ed)?|yes)\b/i.exec(reply);
  const failWord = /\b(fail(s|ed)?|no)\b/i.exec(reply);
  if (passWord === null && failWord === null) return undefined;
  const pass = failWord === null || (passWord !== null && passWord.index < failWord.index);
  return { pass, score: pass ? 1 : 0, reason: reply.trim().slice(0, 300) };
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
