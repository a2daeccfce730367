import { createHash } from "node:crypto";
import type { EvalSuite } from "./eval-suite.js";

/** SHA-256 over everything that changes a run's results: prompts, targets, tests, repeats, graders. */
export function suiteHash(suite: Omit<EvalSuite, "hash" | "warnings">): string {
  const material = {
    prompts: suite.prompts.map(({ template, system, parameters, overrides, model }) => ({ template, system, parameters, overrides, model })),
    targets: suite.targets.map((target) => (target.kind === "custom" ? { kind: target.kind, id: target.id, call: String(target.target.call) } : target)),
    tests: suite.tests.map(({ vars, assert, threshold, grader, parameters }) => ({ vars, assert, threshold, grader, parameters })),
    variants: suite.variants.map(({ promptIndex, targetIndex }) => [promptIndex, targetIndex]),
    repeat: suite.repeat,
    grader: suite.grader,
    embedder: suite.embedder,
    // Only when set, so that the hashes of suites without custom filters stay as they were.
    ...(Object.keys(suite.nunjucksFilters).length > 0 ? { nunjucksFilters: suite.nunjucksFilters } : {}),
  };
  return createHash("sha256").update(stableJson(material)).digest("hex");
}

/** JSON with sorted object keys and functions as their source, so equal content hashes equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "function") return `function:${String(item)}`;
    if (item instanceof RegExp) return `regexp:${String(item)}`;
    if (item !== null && typeof item === "object" && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return item;
  });
}
