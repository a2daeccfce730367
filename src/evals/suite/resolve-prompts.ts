import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../../errors/index.js";
import { parsePromptFile, promptContentHash } from "../../prompts/index.js";
import type { SuitePrompt } from "./eval-suite.js";
import { expandFileReference } from "./expand-file-reference.js";
import { parseModelParameters } from "./model-parameters.js";
import { promptsFromCsv } from "./prompts-from-csv.js";
import { parseYamlText, readTextFile } from "./read-structured-file.js";
import type { PromptEntry } from "./suite-schema.js";

/** Options for `resolvePrompts`. */
export interface ResolvePromptsOptions {
  baseDir: string;
  /** The suite file, for messages. */
  file: string;
  /** Collects keys that are ignored. */
  unknownKeys: Set<string>;
}

type UnindexedPrompt = Omit<SuitePrompt, "index" | "hash">;

/**
 * Turns the suite's `prompts` into templates: inline strings, `file://` paths and globs
 * (a `.txt` file may hold several prompts separated by `---` lines, a `.csv` file one per
 * row, as in promptfoo), JSON and YAML chat files, whole `.j2` and `.md` templates, `*.prompt.md`
 * files with front matter, and `{ raw | id, label, config }` objects.
 */
export async function resolvePrompts(entries: string | PromptEntry[] | undefined, options: ResolvePromptsOptions): Promise<SuitePrompt[]> {
  const list = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
  const prompts: UnindexedPrompt[] = [];
  for (const [position, entry] of list.entries()) {
    const where = `prompts[${position}]`;
    if (typeof entry === "string") {
      prompts.push(...(await promptsFromString(entry, {}, where, options)));
      continue;
    }
    for (const key of Object.keys(entry)) if (!["raw", "id", "label", "config"].includes(key)) options.unknownKeys.add(`${where}.${key}`);
    const config = entry.config === undefined ? {} : { overrides: await parseModelParameters(entry.config, { ...options, where: `${where}.config` }) };
    const text = entry.raw ?? entry.id;
    if (text === undefined) throw new ConfigError({ file: options.file, key: where, found: "an object without raw or id", expected: "a prompt text, a file:// path, or { raw, label }" });
    prompts.push(...(await promptsFromString(text, { label: entry.label, id: entry.id }, where, options)).map((prompt) => ({ ...prompt, ...config })));
  }
  return prompts.map((prompt, index) => ({ ...prompt, index, hash: prompt.promptFile?.hash ?? promptContentHash(prompt.system === undefined ? {} : { system: prompt.system }, prompt.template) }));
}

async function promptsFromString(text: string, named: { label?: string; id?: string }, where: string, options: ResolvePromptsOptions): Promise<UnindexedPrompt[]> {
  // promptfoo also globs a bare pattern such as prompts/*.txt, and keeps it as text when nothing matches.
  const isFile = text.startsWith("file://") || looksLikeExistingFile(text, options.baseDir) || looksLikeMatchingGlob(text, options.baseDir);
  if (!isFile) return [{ label: named.label ?? shortLabel(text), template: text, source: "inline", reference: { label: named.label ?? text, id: named.id } }];
  const files = expandFileReference(text, options.baseDir);
  if (files.length === 0) throw new ConfigError({ file: options.file, key: where, found: `no file matching ${text}`, expected: "a pattern that matches at least one prompt file" });
  const single = files.length === 1 && files[0] === path.resolve(options.baseDir, text.replace(/^file:\/\//, ""));
  // Like promptfoo, the files of a glob are read as if each were listed alone, without the entry's label.
  const prompts: UnindexedPrompt[] = [];
  for (const file of files) prompts.push(...(await promptsFromFile(file, single ? named : {}, where, options)));
  if (prompts.length === 0) throw new ConfigError({ file: options.file, key: where, found: `no prompts in ${text}`, expected: "a prompt file with at least one prompt" });
  return prompts;
}

async function promptsFromFile(file: string, named: { label?: string; id?: string }, where: string, options: ResolvePromptsOptions): Promise<UnindexedPrompt[]> {
  const { label } = named;
  const name = path.relative(options.baseDir, file) || path.basename(file);
  if (/\.(py|[cm]?[jt]s)$/i.test(file)) {
    throw new ConfigError({ file: options.file, key: where, found: `prompt file ${name}`, expected: "a .txt, .md, .j2, .csv, .json or .yaml prompt file", hint: "prompt functions are not supported; write the prompt as a template" });
  }
  const content = await readTextFile(file, options.file);
  if (/\.prompt\.md$/i.test(file)) {
    const parsed = parsePromptFile(content, { file });
    return [{ label: label ?? parsed.name, template: parsed.template, system: parsed.system, source: file, promptFile: parsed, model: parsed.model, parameters: parsed.parameters, reference: { label: label ?? `${file}: ${content.slice(0, 50)}...` } }];
  }
  if (/\.csv$/i.test(file)) return promptsFromCsv(content, named).map((row) => ({ label: row.label, template: row.template, source: file, reference: { label: row.label, id: row.id } }));
  if (/\.json$/i.test(file)) return [{ label: label ?? name, template: content.trim(), source: file, reference: { label: label ?? `${file}: ${content}` } }];
  if (/\.ya?ml$/i.test(file)) {
    // promptfoo sends a YAML prompt file (usually a list of chat messages) as its JSON form.
    const template = JSON.stringify(parseYamlText(content, file));
    return [{ label: label ?? name, template, source: file, reference: { label: label ?? `${file}: ${template.slice(0, 80)}` } }];
  }
  // promptfoo sends a .md or .j2 file whole, untrimmed; only .txt files hold several prompts.
  if (/\.(j2|md)$/i.test(file)) return [{ label: label ?? name, template: content, source: file, reference: { label: label ?? `${file}: ${content.slice(0, 50)}...` } }];
  const parts = splitPrompts(content);
  return parts.map((template, index) => ({
    label: label !== undefined ? (parts.length > 1 ? `${label} ${index + 1}` : label) : parts.length > 1 ? `${name}: ${shortLabel(template)}` : name,
    template,
    source: file,
    reference: { label: label ? `${label}: ${file}: ${template}` : `${file}: ${template}` },
  }));
}

/** The prompts of a text file: the parts between `---` lines, trimmed, empty ones dropped. */
function splitPrompts(content: string): string[] {
  const parts: string[][] = [[]];
  for (const line of content.split(/\r?\n/)) {
    if (line.trim() === "---") parts.push([]);
    else parts.at(-1)!.push(line);
  }
  return parts.map((lines) => lines.join("\n").trim()).filter((part) => part !== "");
}

function looksLikeExistingFile(text: string, baseDir: string): boolean {
  if (text.includes("\n") || text.includes("{{") || !/\.(txt|md|json|ya?ml|csv|j2)$/i.test(text.trim())) return false;
  return existsSync(path.resolve(baseDir, text.trim()));
}

function looksLikeMatchingGlob(text: string, baseDir: string): boolean {
  return text.includes("*") && !/\s|\{\{/.test(text) && expandFileReference(text, baseDir).length > 0;
}

/** A one-line label from a template: its first 40 characters. */
export function shortLabel(template: string): string {
  const flat = template.replace(/\s+/g, " ").trim();
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}
