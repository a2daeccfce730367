import type { TemplateRenderer } from "./template-renderer.js";
import { rootVariable, templateVariables } from "./template-variables.js";

/**
 * Renders a suite prompt with a test's vars as promptfoo's renderPrompt does:
 * - string vars lose one trailing newline, and `{{ name }}` in a var is replaced by the
 *   var `name` (up to 5 rounds);
 * - a prompt that parses as JSON is rendered value by value, without custom filters, and
 *   printed back with 2-space indents;
 * - otherwise each string var is itself rendered as a template first (unless it uses a
 *   variable no var defines), and a prompt with an unclosed tag is taken literally.
 */
export async function renderSuiteTemplate(template: string, testVars: Record<string, unknown>, templates: TemplateRenderer): Promise<string> {
  const vars = resolveVariables(testVars);
  const json = parseJson(template);
  if (json.ok) return JSON.stringify(await renderInValue(json.value, vars, templates), null, 2);
  const renderedVars: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) {
    renderedVars[name] = typeof value === "string" && !usesUndefinedVariable(value, vars) ? await templates.render(literalIfPartial(value), vars) : value;
  }
  return templates.render(literalIfPartial(template), renderedVars);
}

async function renderInValue(value: unknown, vars: Record<string, unknown>, templates: TemplateRenderer): Promise<unknown> {
  if (typeof value === "string") return templates.render(value, vars, { filters: false });
  if (Array.isArray(value)) return Promise.all(value.map((item) => renderInValue(item, vars, templates)));
  if (typeof value === "object" && value !== null) {
    const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await renderInValue(item, vars, templates)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

function resolveVariables(testVars: Record<string, unknown>): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(testVars)) vars[name] = typeof value === "string" ? value.replace(/\n$/, "") : value;
  for (let round = 0; round < 5; round += 1) {
    let changed = false;
    for (const [name, value] of Object.entries(vars)) {
      if (typeof value !== "string") continue;
      const match = /\{\{\s*(\w+)\s*\}\}/.exec(value);
      if (match === null || vars[match[1]!] === undefined) continue;
      // promptfoo splices the other var in as text (String() of an object gives "[object Object]").
      vars[name] = value.replace(match[0], () => String(vars[match[1]!]));
      changed = true;
    }
    if (!changed) break;
  }
  return vars;
}

function usesUndefinedVariable(template: string, vars: Record<string, unknown>): boolean {
  return templateVariables(template).some((reference) => {
    const root = rootVariable(reference);
    return root !== undefined && root !== "env" && vars[root] === undefined;
  });
}

// An unclosed `{{`, `{%` or `{#` would be a syntax error: promptfoo renders such text as is.
function literalIfPartial(template: string): string {
  const partial = /({%[^%]*$|{{[^}]*$|{#[^#]*$)/m.test(template);
  const wrapped = /{%\s*raw\s*%}/.test(template) && /{%\s*endraw\s*%}/.test(template);
  return partial && !wrapped ? `{% raw %}${template}{% endraw %}` : template;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
