import path from "node:path";
import { ConfigError } from "../../errors/index.js";
import type { DefaultGrading } from "./default-grading.js";
import type { EvalSuite, EvalVariant, SuitePrompt, TargetSpec } from "./eval-suite.js";
import { collectUnknownKeys } from "./collect-unknown-keys.js";
import { dereferenceSuite } from "./dereference-suite.js";
import { isPromptAllowed } from "./is-prompt-allowed.js";
import { readSuiteFile } from "./read-structured-file.js";
import { refuseUnsupportedKeys } from "./refuse-unsupported-keys.js";
import { resolveNunjucksFilters } from "./resolve-nunjucks-filters.js";
import { resolvePrompts } from "./resolve-prompts.js";
import { resolveTargets } from "./resolve-targets.js";
import { resolveTests } from "./resolve-tests.js";
import { suiteHash } from "./suite-hash.js";
import { suiteFileSchema } from "./suite-schema.js";
import { rootVariable, templateVariables } from "../templates/index.js";
import type { SuiteFile } from "./suite-schema.js";

/** Names tried, in order, when no suite file is given. */
export const SUITE_FILE_NAMES = ["flywheel.eval.yaml", "flywheel.eval.yml", "flywheel.eval.ts", "promptfooconfig.yaml", "promptfooconfig.yml", "promptfooconfig.json"];

/** Options for `loadSuite`. */
export interface LoadSuiteOptions {
  /** A suite file: YAML, JSON or TS (default export), Flywheel's format or promptfoo's. */
  file?: string;
  /** A suite given in code instead of a file. */
  suite?: SuiteFile;
  /** Folder relative paths resolve against (default: the file's folder, or the working directory). */
  baseDir?: string;
  /** The grader and embedder chosen from the keys present, used where the suite names none (default: the embedded models). */
  grading?: DefaultGrading;
}

const topLevelKeys = Object.keys(suiteFileSchema.shape);

/**
 * Reads and resolves a suite: validates it, loads prompt and test files, maps promptfoo
 * provider ids, merges `defaultTest`, expands the prompt x target variants, and collects
 * one warning listing every key it ignores. Throws a ConfigError (exit code 2) for a file
 * that cannot be used at all, or that uses an assertion type Flywheel does not support.
 */
export async function loadSuite(options: LoadSuiteOptions): Promise<EvalSuite> {
  const file = options.file === undefined ? undefined : path.resolve(options.file);
  const name = file ?? "suite";
  const written = options.suite ?? (file === undefined ? undefined : await readSuiteFile(file));
  if (written === undefined) throw new ConfigError({ file: name, key: "", found: "no suite", expected: "a suite file or object" });
  const baseDir = options.baseDir ?? (file === undefined ? process.cwd() : path.dirname(file));
  const raw = await dereferenceSuite(written, baseDir, name);
  const parsed = suiteFileSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError({ file: name, key: issue.path.map(String).join("."), found: describeIssue(issue.message, issue.input), expected: "a valid eval suite (see README, Evals)" });
  }
  const data = parsed.data;
  await refuseUnsupportedKeys(data, file, name);
  const unknownKeys = new Set<string>();
  collectUnknownKeys(data, topLevelKeys, "", unknownKeys);
  collectUnknownKeys(data.evaluateOptions, ["maxConcurrency", "repeat", "cache"], "evaluateOptions", unknownKeys);
  const context = { baseDir, file: name, unknownKeys };
  const prompts = await resolvePrompts(data.prompts, context);
  const targets = await resolveTargets(data.providers ?? data.targets, context);
  const tests = await resolveTests(data.tests, data.defaultTest, context, data.scenarios);
  const { variants, targets: allTargets } = buildVariants(prompts, targets, name);
  const body = {
    file,
    baseDir,
    description: data.description,
    prompts,
    targets: allTargets,
    tests,
    variants,
    repeat: data.repeat ?? data.evaluateOptions?.repeat ?? 1,
    concurrency: data.concurrency ?? data.evaluateOptions?.maxConcurrency ?? 4,
    seed: data.seed ?? 42,
    grader: data.grader ?? options.grading?.grader ?? "local:default",
    embedder: data.embedder ?? options.grading?.embedder ?? "local:embed",
    ...(options.grading === undefined || (data.grader !== undefined && data.embedder !== undefined) ? {} : { defaultGrading: options.grading }),
    ...(data.derivedMetrics === undefined ? {} : { derivedMetrics: data.derivedMetrics }),
    cache: data.cache ?? data.evaluateOptions?.cache ?? true,
    assertionTimeoutMs: data.assertionTimeoutMs ?? 10_000,
    nunjucksFilters: resolveNunjucksFilters(data.nunjucksFilters, context),
    outputPaths: data.outputPath === undefined ? [] : (Array.isArray(data.outputPath) ? data.outputPath : [data.outputPath]).map((output) => path.resolve(baseDir, output)),
  };
  return { ...body, warnings: suiteWarnings(body.prompts, body.tests, unknownKeys), hash: suiteHash(body) };
}

function buildVariants(prompts: SuitePrompt[], targets: TargetSpec[], file: string): { variants: EvalVariant[]; targets: TargetSpec[] } {
  if (targets.length === 0) {
    const withModel = prompts.filter((prompt) => prompt.model !== undefined);
    if (prompts.length === 0 || withModel.length !== prompts.length) {
      throw new ConfigError({ file, key: "providers", found: "no providers", expected: "at least one provider (model id, URL or file:// module)", hint: "add providers: [openai:chat:gpt-4o-mini] or give each prompt file a model" });
    }
    const modelTargets: TargetSpec[] = [...new Set(withModel.map((prompt) => prompt.model!))].map((modelId) => ({ kind: "model", id: modelId, label: modelId, modelId, parameters: {} }));
    const variants = prompts.map((prompt, index) => ({ index, label: prompt.label, promptIndex: prompt.index, targetIndex: modelTargets.findIndex((target) => target.id === prompt.model) }));
    return { variants: uniqueLabels(variants), targets: modelTargets };
  }
  if (prompts.length === 0) {
    const needsPrompt = targets.find((target) => target.kind === "model" || target.kind === "echo");
    if (needsPrompt !== undefined) throw new ConfigError({ file, key: "prompts", found: "no prompts", expected: `a prompt for ${needsPrompt.id}`, hint: "add prompts: ['Answer: {{question}}']" });
    return { variants: uniqueLabels(targets.map((target, index) => ({ index, label: target.label, promptIndex: undefined, targetIndex: index }))), targets };
  }
  const variants: EvalVariant[] = [];
  for (const [targetIndex, target] of targets.entries()) {
    if (!prompts.some((prompt) => isPromptAllowed(prompt, target.prompts))) {
      throw new ConfigError({ file, key: `providers[${targetIndex}].prompts`, found: JSON.stringify(target.prompts), expected: "the label or id of at least one prompt", hint: `prompts: ${prompts.map((prompt) => JSON.stringify(prompt.reference.label)).join(", ")}` });
    }
  }
  for (const prompt of prompts) {
    for (const [targetIndex, target] of targets.entries()) {
      if (!isPromptAllowed(prompt, target.prompts)) continue;
      const label = prompts.length > 1 && targets.length > 1 ? `${prompt.label} @ ${target.label}` : prompts.length > 1 ? prompt.label : target.label;
      variants.push({ index: variants.length, label, promptIndex: prompt.index, targetIndex });
    }
  }
  return { variants: uniqueLabels(variants), targets };
}

function uniqueLabels(variants: EvalVariant[]): EvalVariant[] {
  const seen = new Map<string, number>();
  return variants.map((variant) => {
    const count = (seen.get(variant.label) ?? 0) + 1;
    seen.set(variant.label, count);
    return count === 1 ? variant : { ...variant, label: `${variant.label} #${count}` };
  });
}

function suiteWarnings(prompts: SuitePrompt[], tests: EvalSuite["tests"], unknownKeys: Set<string>): string[] {
  const warnings: string[] = [];
  if (unknownKeys.size > 0) {
    const keys = [...unknownKeys];
    const shown = keys.slice(0, 12).join(", ");
    warnings.push(`ignored ${keys.length} setting${keys.length > 1 ? "s" : ""} Flywheel does not support: ${shown}${keys.length > 12 ? `, and ${keys.length - 12} more` : ""}`);
  }
  const unset = unsetVariables(prompts, tests);
  if (unset.length > 0) warnings.push(`prompts use ${unset.length > 1 ? "variables" : "variable"} ${unset.join(", ")} that no test sets: ${unset.length > 1 ? "they render" : "it renders"} as empty text, as in promptfoo`);
  return warnings;
}

// Names a template has without any test: promptfoo's `env` global, the for-loop `loop`, the
// multi-turn `_conversation`, and `not`, which promptfoo's variable pattern takes from `{% if not x %}`.
const templateNames = new Set(["env", "loop", "_conversation", "not"]);

// Variables of suite prompts (not `*.prompt.md` files, which refuse a missing variable) that no test defines.
function unsetVariables(prompts: SuitePrompt[], tests: EvalSuite["tests"]): string[] {
  const defined = new Set(tests.flatMap((test) => Object.keys(test.vars)));
  const texts = prompts.filter((prompt) => prompt.promptFile === undefined).map((prompt) => `${prompt.template}\n${prompt.system ?? ""}`);
  // Names the templates bind themselves (`{% for x in ... %}`, `{% set x = ... %}`) are not vars.
  const bound = new Set(texts.flatMap((text) => [...text.matchAll(/\{%-?\s*(?:for|set)\s+([\w\s,]+?)\s+(?:in|=)/g)].flatMap((match) => match[1]!.split(/[\s,]+/))));
  const roots = texts.flatMap((text) => templateVariables(text)).map(rootVariable).filter((name): name is string => name !== undefined && !templateNames.has(name) && !bound.has(name) && !defined.has(name));
  return [...new Set(roots)];
}

function describeIssue(message: string, input: unknown): string {
  const found = input === undefined ? "nothing" : JSON.stringify(input) ?? String(input);
  return `${found.length > 60 ? `${found.slice(0, 57)}...` : found} (${message})`;
}
