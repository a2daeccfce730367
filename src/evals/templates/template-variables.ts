/**
 * The variable names a Nunjucks template uses, found the way promptfoo finds them (a
 * pattern over `{{ name }}`, `{% if name %}` and `{% for x in name %}`, not a parse), so
 * that the vars promptfoo leaves unrendered are the same ones here. Dotted names keep
 * their path (`user.name`).
 */
export function templateVariables(template: string): string[] {
  const names = new Set<string>();
  const text = template.replace(/\{#[\s\S]*?#\}/g, "");
  for (const match of text.matchAll(/\{\{[\s]*([^{}\s|]+)[\s]*(?:\|[^}]+)?\}\}|\{%[\s]*(?:if|for)[\s]+([^{}\s]+)[\s]*.*?%\}/g)) {
    const name = match[1] ?? match[2];
    if (name !== undefined) names.add(name);
  }
  for (const match of text.matchAll(/\{%[\s]*for[\s]+(\w+)[\s]+in[\s]+(\w+)[\s]*%\}/g)) {
    names.delete(match[1]!);
    names.add(match[2]!);
  }
  return [...names];
}

/** The top-level name of a variable reference (`user.name` gives `user`), if it is a plain name. */
export function rootVariable(reference: string): string | undefined {
  return /^([A-Za-z_]\w*)/.exec(reference)?.[1];
}
