import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../../errors/index.js";
import { parsePromptFile } from "../../prompts/index.js";
import type { SuitePrompt } from "./eval-suite.js";
import { parseModelParameters } from "./model-parameters.js";
import { readTextFile, resolveFileReference } from "./read-structured-file.js";
import type { PromptEntry } from "./suite-schema.js";

/** Options for `resolvePrompts`. */
export interface ResolvePromptsOptions {
  baseDir: string;
  /** The suite file, for messages. */
  file: string;
  /** Collects keys that are ignored. */
  unknownKeys: Set<string>;
}

/**
 * Turns the suite's `prompts` into templates: inline strings, `file://` paths (a `.txt`
 * or `.md` file may hold several prompts separated by `---` lines, as in promptfoo), JSON
 * chat files, `*.prompt.md` files with front matter, and `{ raw | id, label }` objects.
 */
export async function resolvePrompts(entries: string | PromptEntry[] | undefined, options: ResolvePromptsOptions): Promise<SuitePrompt[]> {
  const list = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
  const prompts: Omit<SuitePrompt, "index">[] = [];
  for (const [position, entry] of list.entries()) {
    if (typeof entry === "string") {
      prompts.push(...(await promptsFromString(entry, undefined, options)));
      continue;
    }
    for (const key of Object.keys(entry)) if (!["raw", "id", "label", "config"].includes(key)) options.unknownKeys.add(`prompts[${position}].${key}`);
    const config = entry.config === undefined ? {} : { overrides: await parseModelParameters(entry.config, { ...options, where: `prompts[${position}].config` }) };
    if (entry.raw !== undefined) prompts.push({ label: entry.label ?? entry.id ?? shortLabel(entry.raw), template: entry.raw, source: "inline", ...config });
    else if (entry.id !== undefined) prompts.push(...(await promptsFromString(entry.id, entry.label, options)).map((prompt) => ({ ...prompt, ...config })));
    else throw new ConfigError({ file: options.file, key: `prompts[${position}]`, found: "an object without raw or id", expected: "a prompt text, a file:// path, or { raw, label }" });
  }
  return prompts.map((prompt, index) => ({ ...prompt, index }));
}

async function promptsFromString(text: string, label: string | undefined, options: ResolvePromptsOptions): Promise<Omit<SuitePrompt, "index">[]> {
  const isFile = text.startsWith("file://") || looksLikeExistingFile(text, options.baseDir);
  if (!isFile) return [{ label: label ?? shortLabel(text), template: text, source: "inline" }];
  const file = resolveFileReference(text, options.baseDir);
  const name = path.relative(options.baseDir, file) || path.basename(file);
  if (/\.(py|[cm]?js|[cm]?ts|ya?ml)$/i.test(file)) {
    throw new ConfigError({ file: options.file, key: "prompts", found: `prompt file ${name}`, expected: "a .txt, .md, .json (chat) or .prompt.md prompt file", hint: "prompt functions are not supported; write the prompt as a template" });
  }
  const content = await readTextFile(file, options.file);
  if (/\.prompt\.md$/i.test(file)) {
    const parsed = parsePromptFile(content, { file });
    return [{ label: label ?? parsed.name, template: parsed.template, system: parsed.system, source: file, promptFile: parsed, model: parsed.model, parameters: parsed.parameters }];
  }
  if (/\.json$/i.test(file)) return [{ label: label ?? name, template: content.trim(), source: file }];
  const parts = content.split(/\r?\n---\r?\n/).map((part) => part.trim()).filter((part) => part !== "");
  return parts.map((template, index) => ({
    label: label !== undefined ? (parts.length > 1 ? `${label} ${index + 1}` : label) : parts.length > 1 ? `${name}: ${shortLabel(template)}` : name,
    template,
    source: file,
  }));
}

function looksLikeExistingFile(text: string, baseDir: string): boolean {
  if (text.includes("\n") || text.includes("{{") || !/\.(txt|md|json)$/i.test(text.trim())) return false;
  return existsSync(path.resolve(baseDir, text.trim()));
}

/** A one-line label from a template: its first 40 characters. */
export function shortLabel(template: string): string {
  const flat = template.replace(/\s+/g, " ").trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}
