import { secretRules } from "../../secrets/secret-rules.js";

/** Secret-looking values (API keys, tokens, passwords) in a target's own prompt or instructions. */
export function ownSecrets(text: string): string[] {
  const found = new Set<string>();
  const lower = text.toLowerCase();
  for (const rule of secretRules) {
    if (!rule.keywords.some((keyword) => lower.includes(keyword))) continue;
    for (const match of text.matchAll(new RegExp(rule.pattern.source, rule.pattern.flags.includes("g") ? rule.pattern.flags : `${rule.pattern.flags}g`))) {
      const value = match.groups?.secret ?? match[0];
      if (value.length >= 8) found.add(value);
    }
  }
  return [...found];
}
