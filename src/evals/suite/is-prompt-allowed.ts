import type { SuitePrompt } from "./eval-suite.js";

/**
 * Whether a target's `prompts` list lets a prompt run on it, as promptfoo decides: no
 * list allows all; an entry matches the prompt's promptfoo label or id exactly, as a
 * prefix when it ends in `*`, or when the label or id starts with `entry:` (so a prompt
 * file's label selects every prompt read from it).
 */
export function isPromptAllowed(prompt: SuitePrompt, allowed: string[] | undefined): boolean {
  if (allowed === undefined) return true;
  const names = [prompt.reference.label, prompt.reference.id].filter((name): name is string => name !== undefined);
  return allowed.some((entry) => names.some((name) => name === entry || (entry.endsWith("*") && name.startsWith(entry.slice(0, -1))) || name.startsWith(`${entry}:`)));
}
