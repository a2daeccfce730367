import Mustache from "mustache";
import { FlywheelError } from "../errors/index.js";

/** A template referenced variables that the vars do not define. */
export class MissingVariableError extends FlywheelError {
  /** The variables that were missing, in template order. */
  readonly variables: string[];
  constructor(variables: string[], where = "the prompt") {
    super({
      code: "missing-variable",
      message: `${where} uses ${variables.length > 1 ? "variables" : "variable"} ${variables.map((name) => `{{${name}}}`).join(", ")} that the test does not set`,
      hint: `add ${variables.join(", ")} under the test's vars (or defaultTest.vars)`,
    });
    this.name = "MissingVariableError";
    this.variables = variables;
  }
}

/** Options for `renderTemplate`. */
export interface RenderTemplateOptions {
  /** Throw a MissingVariableError when a referenced top-level variable is absent (default true). */
  strict?: boolean;
  /** Names this template is rendered for, used in the error message (e.g. `prompt "terse"`). */
  where?: string;
}

/**
 * Renders a logic-less `{{var}}` template (Mustache) with no HTML escaping: prompts are
 * text, not HTML. Objects and arrays render as JSON. Sections (`{{#items}}...{{/items}}`)
 * and dotted names (`{{user.name}}`) work as in Mustache.
 */
export function renderTemplate(template: string, vars: Record<string, unknown>, options: RenderTemplateOptions = {}): string {
  if (!template.includes("{{")) return template;
  if (options.strict !== false) {
    const missing = templateVariables(template).filter((name) => !Object.hasOwn(vars, name) || vars[name] === undefined);
    if (missing.length > 0) throw new MissingVariableError(missing, options.where);
  }
  return Mustache.render(template, vars, undefined, { escape: stringifyValue });
}

/** The top-level variable names a template references (`{{a.b}}` gives `a`), in order, without repeats. */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  const sectionDepth: string[] = [];
  const visit = (tokens: Mustache.TemplateSpans) => {
    for (const token of tokens) {
      const [type, name] = token;
      if (type === "text" || type === "!" || type === "=" || type === ">") continue;
      const top = String(name).split(".")[0]!;
      // Inside a section, names may come from the section's item: only outer names must exist.
      if (sectionDepth.length === 0 && top !== "" && !names.includes(top)) names.push(top);
      if ((type === "#" || type === "^") && Array.isArray(token[4])) {
        sectionDepth.push(String(name));
        visit(token[4] as Mustache.TemplateSpans);
        sectionDepth.pop();
      }
    }
  };
  visit(Mustache.parse(template));
  return names;
}

function stringifyValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}
