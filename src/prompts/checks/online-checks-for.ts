import type { FlywheelConfig, OnlineCheckSpec } from "../../config/index.js";
import { ConfigError } from "../../errors/index.js";
import { distance } from "fastest-levenshtein";
import { assertionHandlers, isKnownAssertionType, splitAssertionType } from "../../evals/assertions/registry.js";
import { isModelGraded } from "../../evals/assertions/model-graded-types.js";

/** One online check that applies to a prompt, named and with its sampling and budget settled. */
export interface OnlineCheck {
  /** Unique among the prompt's checks: its `name`, else its type (`-2`, `-3` for repeats). */
  name: string;
  spec: OnlineCheckSpec;
  /** Calls a model to decide (sampled, budgeted). */
  modelGraded: boolean;
  /** Share of calls checked. */
  sampleRate: number;
  /** Most US dollars per day for this prompt's model-graded checks. */
  budgetUsd: number;
}

/** Default share of calls a model-graded check runs on; deterministic checks run on every call. */
export const MODEL_GRADED_SAMPLE_RATE = 0.1;

/**
 * The online checks of a prompt: `prompts.checks["*"]`, then `prompts.checks[<name>]`, then
 * the prompt file's own `checks:`. An assertion type the evals registry does not know is a
 * ConfigError naming where it was written.
 */
export function onlineChecksFor(config: Pick<FlywheelConfig, "prompts">, prompt: { name: string; file?: string; checks: OnlineCheckSpec[] }): OnlineCheck[] {
  const declared: { spec: OnlineCheckSpec; where: string; file: string }[] = [
    ...(config.prompts.checks["*"] ?? []).map((spec, index) => ({ spec, where: `prompts.checks.*[${index}]`, file: "flywheel.config.yaml" })),
    ...(Object.hasOwn(config.prompts.checks, prompt.name) && prompt.name !== "*" ? config.prompts.checks[prompt.name]! : []).map((spec, index) => ({ spec, where: `prompts.checks.${prompt.name}[${index}]`, file: "flywheel.config.yaml" })),
    ...prompt.checks.map((spec, index) => ({ spec, where: `checks[${index}]`, file: prompt.file ?? `prompt "${prompt.name}"` })),
  ];
  const used = new Map<string, number>();
  return declared.map(({ spec, where, file }) => {
    if (!isKnownAssertionType(spec.type)) throw new ConfigError({ file, key: `${where}.type`, found: spec.type, expected: `an assertion type of the evals registry (${closeAssertionTypes(spec.type).join(", ")}, ...)` });
    const base = spec.name ?? spec.type;
    const seen = (used.get(base) ?? 0) + 1;
    used.set(base, seen);
    const modelGraded = isModelGraded(spec.type);
    return {
      name: seen === 1 ? base : `${base}-${seen}`,
      spec,
      modelGraded,
      sampleRate: spec.sampleRate ?? (modelGraded ? MODEL_GRADED_SAMPLE_RATE : 1),
      budgetUsd: spec.budgetUsd ?? config.prompts.checkBudgetUsd,
    };
  });
}

/** The registry's types nearest to a mistyped one (its `not-` kept), nearest first; common ones when none is near. */
function closeAssertionTypes(type: string): string[] {
  const { baseType, inverse } = splitAssertionType(type);
  const near = Object.keys(assertionHandlers)
    .map((known) => ({ known, edits: distance(baseType, known) }))
    .filter(({ known, edits }) => edits <= Math.max(2, Math.floor(known.length / 3)))
    .sort((a, b) => a.edits - b.edits || a.known.localeCompare(b.known))
    .slice(0, 3)
    .map(({ known }) => (inverse ? `not-${known}` : known));
  return near.length > 0 ? near : ["contains", "icontains", "regex", "is-json", "javascript", "llm-rubric"];
}
