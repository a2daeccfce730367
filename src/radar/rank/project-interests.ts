import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { mapProviderId, SUITE_FILE_NAMES } from "../../evals/index.js";
import { parsePromptFile } from "../../prompts/index.js";
import { walkFolder } from "../../rag/index.js";
import { modelMentionInterest, workInterest } from "./interest-entries.js";
import type { InterestEntry } from "./interest-profile.js";
import { keyTerms } from "./key-terms.js";

/** Key terms kept per prompt file or eval suite. */
const TERMS_PER_FILE = 8;
const SUITE_FILE = /(^|[./-])eval\.(ya?ml|json)$|^promptfooconfig\.(ya?ml|json)$/;

/**
 * Interests read off the project's files (found under `cwd`, honouring `.gitignore`): each
 * `*.prompt.md` file (its model and key terms) and each eval suite, those in `radar.evals` and
 * those found (the models it tests, its description's and prompts' key terms). Suites are read
 * as YAML or JSON only: scanning never runs a TS suite's code. A file that cannot be read is skipped.
 */
export async function projectInterests(cwd: string, configuredSuites: readonly string[]): Promise<InterestEntry[]> {
  const files = await walkFolder(cwd).catch(() => [] as string[]);
  const prompts = files.filter((file) => file.endsWith(".prompt.md"));
  const suites = new Set([
    ...configuredSuites.map((file) => path.resolve(cwd, file)).filter((file) => /\.(ya?ml|json)$/.test(file)),
    ...files.filter((file) => SUITE_FILE.test(path.basename(file)) || SUITE_FILE_NAMES.includes(path.basename(file))).filter((file) => !file.endsWith(".ts")),
  ]);
  const entries: InterestEntry[] = [];
  for (const file of prompts) entries.push(...(await promptInterests(file)));
  for (const file of suites) entries.push(...(await suiteInterests(file, cwd)));
  return entries;
}

async function promptInterests(file: string): Promise<InterestEntry[]> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return [];
  let prompt;
  try {
    prompt = parsePromptFile(text, { file });
  } catch {
    return [];
  }
  const terms = keyTerms([prompt.name.replace(/[-_]/g, " "), prompt.description ?? "", prompt.system ?? "", prompt.template], TERMS_PER_FILE);
  return [...(prompt.model === undefined ? [] : [modelMentionInterest(prompt.model, "prompt", prompt.name)]), workInterest("prompt", prompt.name, terms)];
}

async function suiteInterests(file: string, cwd: string): Promise<InterestEntry[]> {
  let suite: unknown;
  try {
    suite = parseYaml(await readFile(file, "utf8"));
  } catch {
    return [];
  }
  if (typeof suite !== "object" || suite === null) return [];
  const { description, providers, targets, prompts } = suite as Record<string, unknown>;
  const name = path.relative(cwd, file).split(path.sep).join("/");
  const models = listOf(providers ?? targets)
    .map((provider) => (typeof provider === "string" ? provider : typeof provider === "object" && provider !== null ? (provider as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === "string")
    .map((id) => mapProviderId(id))
    .flatMap((mapped) => (mapped.kind === "model" || mapped.kind === "agent" ? [mapped.modelId] : []));
  const texts = [typeof description === "string" ? description : "", ...listOf(prompts).filter((prompt): prompt is string => typeof prompt === "string" && !prompt.startsWith("file://"))];
  return [...new Set(models)].map((model) => modelMentionInterest(model, "eval", name)).concat(workInterest("eval", name, keyTerms(texts, TERMS_PER_FILE)));
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
