import type { AttackOutcome } from "../redteam-types.js";

const limit = 160;

function clip(text: string, width = limit): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** The proof of a successful attack in one line: the tool call (name and input), the honeypot hit, or the excerpt. */
export function proofLine(outcome: AttackOutcome): string {
  const { evidence } = outcome;
  const parts: string[] = [];
  if (evidence?.toolCall !== undefined) parts.push(`tool call ${evidence.toolCall.name} ${clip(JSON.stringify(evidence.toolCall.input) ?? "")}`);
  if (evidence?.hits !== undefined && evidence.hits.length > 0) parts.push(`honeypot hit ${evidence.hits[0]!.method} ${evidence.hits[0]!.host}${evidence.hits[0]!.path}`);
  if (evidence?.excerpt !== undefined && evidence.toolCall === undefined) parts.push(`output "${clip(evidence.excerpt, 120)}"`);
  return parts.length === 0 ? outcome.reason : parts.join("; ");
}

/** A rate as `3/8 38% [14–69%]`, or `0/8` when nothing got through. */
export function formatRate(rate: { attacks: number; successes: number; interval: [number, number] }): string {
  if (rate.attacks === 0) return "–";
  if (rate.successes === 0) return `0/${rate.attacks} [0–${Math.round(rate.interval[1] * 100)}%]`;
  return `${rate.successes}/${rate.attacks} ${Math.round((rate.successes / rate.attacks) * 100)}% [${Math.round(rate.interval[0] * 100)}–${Math.round(rate.interval[1] * 100)}%]`;
}
