import { modelGradedTypes, splitAssertionType } from "../assertions/registry.js";
import type { EvalSuite } from "../suite/eval-suite.js";
import type { RunSnapshot } from "./eval-run.js";

/** What a stored run keeps of its suite. */
export function runSnapshot(suite: EvalSuite): RunSnapshot {
  const graders = new Set<string>();
  for (const test of suite.tests) {
    for (const assertion of test.assert) {
      const { baseType } = splitAssertionType(assertion.type);
      if (modelGradedTypes.has(baseType)) graders.add(assertion.provider ?? test.grader ?? suite.grader);
    }
  }
  return {
    description: suite.description,
    file: suite.file,
    hash: suite.hash,
    repeat: suite.repeat,
    seed: suite.seed,
    grader: suite.grader,
    embedder: suite.embedder,
    ...(suite.derivedMetrics === undefined ? {} : { derivedMetrics: suite.derivedMetrics }),
    variants: suite.variants.map((variant) => {
      const target = suite.targets[variant.targetIndex]!;
      const prompt = variant.promptIndex === undefined ? undefined : suite.prompts[variant.promptIndex];
      const version = prompt === undefined ? {} : { promptName: prompt.promptFile?.name ?? prompt.label, promptHash: prompt.hash };
      return { index: variant.index, label: variant.label, prompt: prompt?.label, ...version, target: target.label, targetKind: target.kind, ...(target.kind === "model" ? { model: target.modelId } : {}) };
    }),
    tests: suite.tests.map((test) => ({ index: test.index, description: test.description, vars: test.vars, assertionTypes: test.assert.map((assertion) => assertion.type) })),
    graders: [...graders].sort(),
    warnings: suite.warnings,
  };
}
