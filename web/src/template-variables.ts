// Prompt templates use `{{name}}` variables (Mustache). The playground fills plain
// top-level names; sections and dotted names are left to the eval runner.

const variablePattern = /\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g;

/** Variable names in the texts, in order of first use. */
export function templateVariables(...texts: string[]): string[] {
  const names: string[] = [];
  for (const text of texts) for (const match of text.matchAll(variablePattern)) if (!names.includes(match[1]!)) names.push(match[1]!);
  return names;
}

/** Replaces `{{name}}` with its value; unknown names are kept as written. */
export function fillVariables(text: string, values: Record<string, string>): string {
  return text.replace(variablePattern, (whole, name: string) => values[name] ?? whole);
}
