import { z } from "zod";

// The suite file as written: Flywheel's own keys plus the common subset of promptfoo's
// `promptfooconfig.yaml`. Objects are loose so that unknown keys can be reported in ONE
// warning (see `collectUnknownKeys`) instead of failing the whole file.

const functionValue = z.custom<(...args: never[]) => unknown>((value) => typeof value === "function", "a function");

/** A grader or embedder given as an id or as a promptfoo-style `{ id }` / `{ text, embedding }` object. */
export const providerReferenceSchema = z.union([
  z.string().min(1),
  z.looseObject({ id: z.string().min(1).optional(), text: z.unknown().optional(), embedding: z.unknown().optional() }),
]);

/** One assertion: `type` plus an optional value, threshold, weight and metric name. */
export const assertionSchema = z.looseObject({
  /** Assertion type, e.g. `contains`, `not-regex`, `llm-rubric`. */
  type: z.string().min(1),
  /** Expected value, pattern, rubric, code or `file://` reference. */
  value: z.unknown().optional(),
  /** Pass mark for scored assertions (similarity, rouge, bleu, levenshtein distance, latency ms, cost USD). */
  threshold: z.number().optional(),
  /** Weight in the cell's score (default 1; 0 records a metric that can never fail the cell). */
  weight: z.number().min(0).optional(),
  /** Named metric this assertion's score is reported under. */
  metric: z.string().min(1).optional(),
  /** Grader (model-graded) or embedder (similar) model id. */
  provider: providerReferenceSchema.optional(),
  /** Extra settings some assertions read. */
  config: z.record(z.string(), z.unknown()).optional(),
  /** Time limit for javascript and python assertions, in milliseconds. */
  timeoutMs: z.number().int().positive().optional(),
  /** JavaScript (or `file://`) applied to the output for this assertion only. */
  transform: z.string().min(1).optional(),
  /** JavaScript (or `file://`) computing the context of context-* assertions from the output. */
  contextTransform: z.string().min(1).optional(),
});

/** Test options (promptfoo `options`): the grader, transforms and `storeOutputAs`. */
export const testOptionsSchema = z.looseObject({
  /** Grader for model-graded assertions in this test. */
  provider: providerReferenceSchema.optional(),
  /** JavaScript (or `file://`) applied to the output after the provider's transform. */
  transform: z.string().min(1).optional(),
  /** promptfoo's older name for `transform` (used when `transform` is absent). */
  postprocess: z.string().min(1).optional(),
  /** JavaScript (or `file://`) over `vars` returning vars to merge over them before rendering. */
  transformVars: z.string().min(1).optional(),
  /** Keep this test's output as a var of this name for the tests after it. */
  storeOutputAs: z.string().min(1).optional(),
});

/** One test case. */
export const testSchema = z.looseObject({
  /** Shown in reports. */
  description: z.string().optional(),
  /** Values for the prompt's `{{variables}}`; arrays expand into one test per value. */
  vars: z.record(z.string(), z.unknown()).optional(),
  /** Checks on the output. */
  assert: z.array(z.union([assertionSchema, z.looseObject({ type: z.string() })])).optional(),
  /** When set, the cell passes when its weighted score reaches it, whatever single assertions say. */
  threshold: z.number().optional(),
  /** Free-form data kept with the test. */
  metadata: z.record(z.string(), z.unknown()).optional(),
  /** Grader settings. */
  options: testOptionsSchema.optional(),
});

/** A prompt: inline text, a `file://` path, or `{ raw | id, label }`. */
export const promptEntrySchema = z.union([
  z.string(),
  z.looseObject({
    /** Inline template. */
    raw: z.string().optional(),
    /** A `file://` path, or a name. */
    id: z.string().optional(),
    /** Name shown in reports. */
    label: z.string().optional(),
    /** Model parameters for this prompt, over the provider's own (promptfoo `config`). */
    config: z.record(z.string(), z.unknown()).optional(),
  }),
]);

/** A provider (target): an id string, a function, an EvalTarget object, or `{ id, label, config }`. */
export const providerEntrySchema = z.union([
  z.string().min(1),
  functionValue,
  z.looseObject({
    /** promptfoo-style id (`openai:chat:gpt-4o-mini`, `https://...`, `file://provider.js`) or a Flywheel model id. */
    id: z.string().min(1).optional(),
    /** Name shown in reports. */
    label: z.string().optional(),
    /** Model parameters, HTTP settings or custom-provider settings. */
    config: z.record(z.string(), z.unknown()).optional(),
    /** An EvalTarget's call function (TS suites). */
    call: functionValue.optional(),
    /** Most cells of this target in flight at once. */
    concurrency: z.number().int().positive().optional(),
    /** Most calls a minute to this target. */
    rateLimit: z.number().positive().optional(),
    /** JavaScript (or `file://`) applied to every output of this provider. */
    transform: z.string().min(1).optional(),
    /** Only these prompts run on this provider: labels or ids, `prefix*`, or `name` for `name:…`. */
    prompts: z.array(z.string()).optional(),
  }),
]);

/** A promptfoo scenario: every `config` entry is merged under every one of its tests. */
export const scenarioSchema = z.looseObject({
  description: z.string().optional(),
  config: z.array(testSchema),
  tests: z.union([z.string(), z.array(z.union([z.string(), testSchema]))]).optional(),
});

/** The whole suite file. */
export const suiteFileSchema = z.looseObject({
  $schema: z.string().optional(),
  /** What the suite measures. */
  description: z.string().optional(),
  /** Prompts to compare: inline strings, `file://` paths (`.txt`, `.md`, `.json` chat, `.prompt.md`). */
  prompts: z.union([z.string(), z.array(promptEntrySchema)]).optional(),
  /** Models and apps to compare (promptfoo `providers`). */
  providers: z.union([z.string(), functionValue, z.array(providerEntrySchema)]).optional(),
  /** Flywheel's name for `providers`. */
  targets: z.union([z.string(), z.array(providerEntrySchema)]).optional(),
  /** Test cases, or `file://` paths to CSV, JSONL, YAML or JSON files of them. */
  tests: z.union([z.string(), z.array(z.union([z.string(), testSchema]))]).optional(),
  /** Merged into every test: vars underneath, assertions first. */
  defaultTest: testSchema.optional(),
  /** promptfoo: reusable parts (usually assertions) that `$ref: "#/assertionTemplates/name"` points to. */
  assertionTemplates: z.record(z.string(), z.unknown()).optional(),
  /** promptfoo: each `config` entry merged under each of the scenario's `tests`, run after the plain tests. */
  scenarios: z.array(scenarioSchema).optional(),
  /** Runs of each cell, to measure flakiness (default 1). */
  repeat: z.number().int().min(1).max(1000).optional(),
  /** Most cells in flight at once (default 4). */
  concurrency: z.number().int().min(1).max(1000).optional(),
  /** Seed for the statistics' resampling (default 42). */
  seed: z.number().int().optional(),
  /** Default grader model for model-graded assertions (default `local:default`). */
  grader: z.string().min(1).optional(),
  /** Default embedding model for `similar` (default `local:embed`). */
  embedder: z.string().min(1).optional(),
  /** promptfoo: metrics computed per variant from its named metric totals with a mathjs expression (`__count` is the number of cells). */
  derivedMetrics: z.array(z.object({ name: z.string().min(1), value: z.string().min(1) })).optional(),
  /** Serve repeated identical model calls from the response cache (default true). */
  cache: z.boolean().optional(),
  /** Time limit for javascript and python assertions (default 10000 ms). */
  assertionTimeoutMs: z.number().int().positive().optional(),
  /** promptfoo: `maxConcurrency`, `repeat` and `cache` are read. */
  evaluateOptions: z.looseObject({ maxConcurrency: z.number().int().min(1).optional(), repeat: z.number().int().min(1).optional(), cache: z.boolean().optional() }).optional(),
  /** promptfoo: custom Nunjucks filters, filter name to the path (relative to the config) of a JavaScript module that exports the filter function. */
  nunjucksFilters: z.record(z.string(), z.string().min(1)).optional(),
  /** promptfoo: where to write the results (an extension picks the format). */
  outputPath: z.union([z.string(), z.array(z.string())]).optional(),
});

/** The suite file as written. */
export type SuiteFile = z.infer<typeof suiteFileSchema>;
/** A test as written. */
export type TestEntry = z.infer<typeof testSchema>;
/** One promptfoo scenario as written in the suite file. */
export type ScenarioEntry = z.infer<typeof scenarioSchema>;
/** An assertion as written. */
export type AssertionEntry = z.infer<typeof assertionSchema>;
/** A provider entry as written. */
export type ProviderEntry = z.infer<typeof providerEntrySchema>;
/** A prompt entry as written. */
export type PromptEntry = z.infer<typeof promptEntrySchema>;

/** HTTP provider settings (promptfoo `http` provider). */
export const httpConfigKeys = ["url", "method", "headers", "body", "queryParams", "transformResponse", "responseParser"];
