import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { onlineCheckSchema } from "../config/prompts-schema.js";
import type { OnlineCheckSpec } from "../config/prompts-schema.js";
import { ConfigError } from "../errors/index.js";
import { renderTemplate, templateVariables } from "./render-template.js";

/** One declared variable of a prompt file. */
export const promptVariableSchema = z
  .object({
    /** What the variable holds, for people and tools. */
    description: z.string().optional(),
    /** Used when a caller does not set the variable. */
    default: z.unknown().optional(),
    /** When true (default unless a default is given), rendering fails without it. */
    required: z.boolean().optional(),
  })
  .strict();

/** The YAML front matter of a `*.prompt.md` file. */
export const promptFrontMatterSchema = z
  .object({
    /** Short name, used as the label in evals. */
    name: z.string().min(1).optional(),
    /** What the prompt is for. */
    description: z.string().optional(),
    /** Model id to run it on, e.g. `openai:gpt-4o-mini`. */
    model: z.string().min(1).optional(),
    /** System message template. */
    system: z.string().optional(),
    /** Sampling temperature. */
    temperature: z.number().min(0).max(2).optional(),
    /** Most tokens to generate. */
    maxTokens: z.number().int().positive().optional(),
    /** Nucleus sampling. */
    topP: z.number().min(0).max(1).optional(),
    /** Sampling seed. */
    seed: z.number().int().optional(),
    /** Stop sequences. */
    stop: z.array(z.string()).optional(),
    /** Declared variables: a list of names, or a mapping with descriptions and defaults. */
    variables: z.union([z.array(z.string()), z.record(z.string(), z.union([promptVariableSchema, z.null()]))]).optional(),
    /** Online checks run on this prompt's live outputs, after the response (see `prompts.checks` in the config). */
    checks: z.array(onlineCheckSchema).optional(),
  })
  .strict();

/** A parsed prompt file. */
export interface PromptFile {
  /** Absolute path, when read from disk. */
  file: string | undefined;
  /** Name from front matter, else the file name without `.prompt.md`. */
  name: string;
  description: string | undefined;
  model: string | undefined;
  /** System message template. */
  system: string | undefined;
  /** The user message template (the Markdown body). */
  template: string;
  /** Model parameters from front matter. */
  parameters: { temperature?: number; maxTokens?: number; topP?: number; seed?: number; stopSequences?: string[] };
  /** Declared variables with their defaults; names used in the templates but not declared are added. */
  variables: Record<string, { description?: string; default?: unknown; required: boolean }>;
  /** Online checks from the front matter. */
  checks: OnlineCheckSpec[];
  /** The version: SHA-256 (hex) of the canonical file, front matter and template (see `promptContentHash`). */
  hash: string;
  /** The file's text as read (front matter and template), kept so a version can be shown and diffed later. */
  source: string;
}

/** A prompt file rendered with variables. */
export interface RenderedPromptFile {
  system: string | undefined;
  prompt: string;
}

/** Parses the text of a `*.prompt.md` file: optional YAML front matter between `---` lines, then the template. */
export function parsePromptFile(text: string, options: { file?: string } = {}): PromptFile {
  const where = options.file ?? "prompt file";
  const { frontMatter, body } = splitFrontMatter(text, where);
  const result = promptFrontMatterSchema.safeParse(frontMatter ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError({ file: where, key: issue.path.join("."), found: issue.message, expected: "a valid prompt front matter key" });
  }
  const meta = result.data;
  const template = body.replace(/^\s*\n/, "").replace(/\s+$/, "");
  const declared: PromptFile["variables"] = {};
  if (Array.isArray(meta.variables)) {
    for (const name of meta.variables) declared[name] = { required: true };
  } else {
    for (const [name, spec] of Object.entries(meta.variables ?? {})) {
      const hasDefault = spec?.default !== undefined;
      declared[name] = { description: spec?.description, default: spec?.default, required: spec?.required ?? !hasDefault };
    }
  }
  for (const name of [...templateVariables(template), ...templateVariables(meta.system ?? "")]) {
    declared[name] ??= { required: true };
  }
  return {
    file: options.file,
    name: meta.name ?? (options.file === undefined ? "prompt" : promptNameFromFile(options.file)),
    description: meta.description,
    model: meta.model,
    system: meta.system,
    template,
    parameters: { temperature: meta.temperature, maxTokens: meta.maxTokens, topP: meta.topP, seed: meta.seed, stopSequences: meta.stop },
    variables: declared,
    checks: meta.checks ?? [],
    hash: promptContentHash(frontMatter ?? {}, template),
    source: text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n"),
  };
}

/** Characters of a prompt hash shown to people and accepted as a prefix (`support@3f2a9c1b`). */
export const PROMPT_HASH_DISPLAY_LENGTH = 8;

/**
 * A prompt version's identity: SHA-256 (hex) of its canonical form, the front matter as JSON
 * with keys sorted at every level, a newline, and the template with line endings normalised
 * and surrounding blank lines trimmed. Reformatting the YAML, reordering its keys or changing
 * line endings keeps the hash; any change to a value or to the template's text changes it.
 */
export function promptContentHash(frontMatter: unknown, template: string): string {
  const canonical = `${JSON.stringify(sortKeys(frontMatter))}\n${template.replace(/\r\n/g, "\n").replace(/^\s*\n/, "").replace(/\s+$/, "")}`;
  return createHash("sha256").update(canonical).digest("hex");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, entry]) => [key, sortKeys(entry)]),
  );
}

/** A prompt's name when its front matter gives none: the file name without `.prompt.md` (or `.md`). */
export function promptNameFromFile(file: string): string {
  return path.basename(file).replace(/\.prompt\.md$/i, "").replace(/\.md$/i, "");
}

/** Reads and parses a `*.prompt.md` file. */
export async function loadPromptFile(file: string): Promise<PromptFile> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, "utf8");
  } catch {
    throw new ConfigError({ file: absolute, key: "", found: "no readable file", expected: "a prompt file" });
  }
  return parsePromptFile(text, { file: absolute });
}

/** The defaults the prompt file declares for its variables. */
export function promptVariableDefaults(prompt: PromptFile): Record<string, unknown> {
  return Object.fromEntries(Object.entries(prompt.variables).flatMap(([name, spec]) => (spec.default === undefined ? [] : [[name, spec.default]])));
}

/** Renders a prompt file's system and user templates, applying variable defaults; fails on a missing required variable. */
export function renderPromptFile(prompt: PromptFile, vars: Record<string, unknown>): RenderedPromptFile {
  const merged = { ...promptVariableDefaults(prompt), ...vars };
  const where = `prompt "${prompt.name}"`;
  return {
    system: prompt.system === undefined ? undefined : renderTemplate(prompt.system, merged, { where }),
    prompt: renderTemplate(prompt.template, merged, { where }),
  };
}

function splitFrontMatter(text: string, where: string): { frontMatter: unknown; body: string } {
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
  if (!normalized.startsWith("---\n")) return { frontMatter: undefined, body: normalized };
  const end = normalized.indexOf("\n---", 4);
  if (end === -1) throw new ConfigError({ file: where, key: "", found: "front matter with no closing ---", expected: "YAML front matter between two --- lines" });
  const yamlText = normalized.slice(4, end);
  const afterFence = normalized.indexOf("\n", end + 4);
  const body = afterFence === -1 ? "" : normalized.slice(afterFence + 1);
  try {
    return { frontMatter: parseYaml(yamlText) ?? {}, body };
  } catch (error) {
    throw new ConfigError({ file: where, key: "", found: `invalid YAML front matter (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`, expected: "a YAML mapping" });
  }
}
