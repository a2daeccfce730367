import path from "node:path";
import { isDynamicPattern } from "tinyglobby";
import { ConfigError } from "../../errors/index.js";
import { testsFromCsv } from "./csv-tests.js";
import type { AssertionSpec, EvalTest, ModelParameters, TransformSpec } from "./eval-suite.js";
import { expandFileReference } from "./expand-file-reference.js";
import { mapModelReference } from "./map-provider-id.js";
import { parseModelParameters } from "./model-parameters.js";
import { parseYamlText, readTextFile, resolveFileReference } from "./read-structured-file.js";
import { refuseUnknownAssertionType } from "./refuse-unknown-assertion-type.js";
import { assertionSchema, scenarioSchema, testOptionsSchema, testSchema } from "./suite-schema.js";
import type { AssertionEntry, ScenarioEntry, TestEntry } from "./suite-schema.js";

/** Options for `resolveTests`. */
export interface ResolveTestsOptions {
  baseDir: string;
  /** The suite file, for messages. */
  file: string;
  /** Collects keys and columns that are ignored. */
  unknownKeys: Set<string>;
}

const testKeys = Object.keys(testSchema.shape);
const assertionKeys = Object.keys(assertionSchema.shape);
const testOptionKeys = Object.keys(testOptionsSchema.shape);
const scenarioKeys = Object.keys(scenarioSchema.shape);

/** A test as listed, before `defaultTest` is merged: where it is, and the entries it was built from. */
interface RawTest {
  test: TestEntry;
  where: string;
  /** Where the test's assertion at this index is written. */
  assertWhere: (index: number) => string;
  /** The written entries, for the unknown-key check. */
  sources: { test: TestEntry; where: string }[];
}

/**
 * Resolves tests: loads test files and globs of them (CSV with `__expected` columns,
 * JSONL, YAML, JSON), expands promptfoo `scenarios` after the plain tests, merges
 * `defaultTest` (its vars under the test's, its assertions first), expands string-list
 * vars and `file://` glob vars into one test per combination, and loads `file://` vars.
 */
export async function resolveTests(entries: string | (string | TestEntry)[] | undefined, defaultTest: TestEntry | undefined, options: ResolveTestsOptions, scenarios?: ScenarioEntry[]): Promise<EvalTest[]> {
  const raw = (await listTests(entries, "tests", options)).map(plainTest);
  if (scenarios !== undefined) raw.push(...(await scenarioTests(scenarios, options)));
  // Like promptfoo, a suite without tests runs one test with no vars (and defaultTest's asserts),
  // unless it has `scenarios`: then it runs only the scenarios' tests.
  else if (raw.length === 0) raw.push(plainTest({ test: {}, where: "tests[0]" }));
  if (defaultTest !== undefined) checkTestKeys(defaultTest, "defaultTest", options);
  const defaultParameters = await testParameters(defaultTest, "defaultTest", options);
  const tests: Omit<EvalTest, "index">[] = [];
  for (const { test, where, assertWhere, sources } of raw) {
    const parsed = testSchema.safeParse(test);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConfigError({ file: options.file, key: [where, ...issue.path.map(String)].join("."), found: issue.message, expected: "a test with vars and assert" });
    }
    for (const source of sources) checkTestKeys(source.test, source.where, options);
    const merged = mergeDefault(parsed.data, defaultTest);
    const defaultCount = defaultTest?.assert?.length ?? 0;
    const assertionWhere = (index: number) => (index < defaultCount ? `defaultTest.assert[${index}]` : assertWhere(index - defaultCount));
    const transforms = testTransforms(parsed.data, defaultTest, where);
    const parameters = { ...defaultParameters, ...(await testParameters(parsed.data, where, options)) };
    for (const vars of expandVars(merged.vars ?? {}, where, options)) {
      tests.push({
        description: merged.description,
        vars: await loadFileVars(vars, options),
        assert: (merged.assert ?? []).map((assertion, index) => toAssertionSpec(assertion as AssertionEntry, assertionWhere(index), options.file)),
        threshold: merged.threshold,
        metadata: merged.metadata,
        grader: mapModelReference(merged.options?.provider),
        ...transforms,
        ...(Object.keys(parameters).length === 0 ? {} : { parameters }),
      });
    }
  }
  return tests.map((test, index) => ({ ...test, index }));
}

/** The tests of a `tests` list, with test files loaded, each with where it is written. */
async function listTests(entries: string | (string | TestEntry)[] | undefined, key: string, options: ResolveTestsOptions): Promise<{ test: TestEntry; where: string }[]> {
  const list = entries === undefined ? [] : Array.isArray(entries) ? entries : [entries];
  const listed: { test: TestEntry; where: string }[] = [];
  for (const [position, entry] of list.entries()) {
    if (typeof entry === "string") {
      const files = expandFileReference(entry, options.baseDir);
      if (files.length === 0) throw new ConfigError({ file: options.file, key: `${key}[${position}]`, found: `no file matching ${entry}`, expected: "a pattern that matches at least one test file" });
      for (const file of files) {
        const loaded = await testsFromFile(file, options);
        loaded.forEach((test, index) => listed.push({ test, where: `${path.relative(options.baseDir, file)}[${index}]` }));
      }
    } else listed.push({ test: entry, where: `${key}[${position}]` });
  }
  return listed;
}

function plainTest({ test, where }: { test: TestEntry; where: string }): RawTest {
  return { test, where, assertWhere: (index) => `${where}.assert[${index}]`, sources: [{ test, where }] };
}

/**
 * promptfoo's scenario expansion: for each scenario, for each `config` entry, each of the
 * scenario's tests with the entry's vars, options and metadata
 * underneath and its assertions first; other keys of the test replace the entry's.
 */
async function scenarioTests(scenarios: ScenarioEntry[], options: ResolveTestsOptions): Promise<RawTest[]> {
  const raw: RawTest[] = [];
  for (const [scenarioIndex, scenario] of scenarios.entries()) {
    const key = `scenarios[${scenarioIndex}]`;
    for (const name of Object.keys(scenario)) if (!scenarioKeys.includes(name)) options.unknownKeys.add(`${key}.${name}`);
    // promptfoo's evaluator would give a scenario without `tests` one empty test, but its config
    // loader first sets `tests` to the (empty) filtered list, so such a scenario runs no cells.
    const listed = await listTests(scenario.tests, `${key}.tests`, options);
    for (const [configIndex, data] of scenario.config.entries()) {
      const dataWhere = `${key}.config[${configIndex}]`;
      const dataCount = data.assert?.length ?? 0;
      for (const { test, where } of listed) {
        const metadata = data.metadata === undefined && test.metadata === undefined ? {} : { metadata: { ...data.metadata, ...test.metadata } };
        raw.push({
          test: { ...data, ...test, vars: { ...data.vars, ...test.vars }, options: { ...data.options, ...test.options }, assert: [...(data.assert ?? []), ...(test.assert ?? [])], ...metadata },
          where,
          assertWhere: (index) => (index < dataCount ? `${dataWhere}.assert[${index}]` : `${where}.assert[${index - dataCount}]`),
          sources: [
            { test: data, where: dataWhere },
            { test, where },
          ],
        });
      }
    }
  }
  return raw;
}

function checkTestKeys(test: TestEntry, where: string, options: ResolveTestsOptions): void {
  for (const key of Object.keys(test)) if (!testKeys.includes(key)) options.unknownKeys.add(`${where}.${key}`);
  for (const [index, assertion] of (test.assert ?? []).entries()) {
    for (const key of Object.keys(assertion)) if (!assertionKeys.includes(key)) options.unknownKeys.add(`${where}.assert[${index}].${key}`);
  }
}

// promptfoo merges a test's options into the prompt's config, so model settings there reach the request.
async function testParameters(test: TestEntry | undefined, where: string, options: ResolveTestsOptions): Promise<ModelParameters> {
  const settings = Object.fromEntries(Object.entries(test?.options ?? {}).filter(([key]) => !testOptionKeys.includes(key)));
  return await parseModelParameters(settings, { ...options, where: `${where}.options` });
}

function mergeDefault(test: TestEntry, defaults: TestEntry | undefined): TestEntry {
  if (defaults === undefined) return test;
  return {
    ...defaults,
    ...test,
    vars: { ...defaults.vars, ...test.vars },
    assert: [...(defaults.assert ?? []), ...(test.assert ?? [])],
    options: { ...defaults.options, ...test.options },
    metadata: defaults.metadata === undefined && test.metadata === undefined ? undefined : { ...defaults.metadata, ...test.metadata },
    threshold: test.threshold ?? defaults.threshold,
  };
}

/**
 * The test's output transform, vars transform and `storeOutputAs`, each located in the file.
 * promptfoo merges `defaultTest.options` under the test's key by key, then uses `transform`
 * before `postprocess`: a default `transform` beats the test's own `postprocess`.
 */
function testTransforms(test: TestEntry, defaults: TestEntry | undefined, where: string): Pick<EvalTest, "transform" | "transformVars" | "storeOutputAs"> {
  const option = (key: "transform" | "postprocess" | "transformVars"): TransformSpec | undefined => {
    if (test.options?.[key] !== undefined) return { code: test.options[key], where: `${where}.options.${key}` };
    if (defaults?.options?.[key] !== undefined) return { code: defaults.options[key], where: `defaultTest.options.${key}` };
    return undefined;
  };
  const transform = option("transform") ?? option("postprocess");
  const transformVars = option("transformVars");
  const storeOutputAs = test.options?.storeOutputAs ?? defaults?.options?.storeOutputAs;
  return { ...(transform === undefined ? {} : { transform }), ...(transformVars === undefined ? {} : { transformVars }), ...(storeOutputAs === undefined ? {} : { storeOutputAs }) };
}

function toAssertionSpec(assertion: AssertionEntry, where: string, file: string): AssertionSpec {
  refuseUnknownAssertionType(assertion.type, where, file);
  const { provider, transform, contextTransform, ...rest } = assertion;
  const role = assertion.type.replace(/^not-/, "").startsWith("similar") ? "embedding" : "text";
  return {
    ...rest,
    ...(provider === undefined ? {} : { provider: mapModelReference(provider, role) }),
    ...(transform === undefined ? {} : { transform: { code: transform, where: `${where}.transform` } }),
    ...(contextTransform === undefined ? {} : { contextTransform: { code: contextTransform, where: `${where}.contextTransform` } }),
  };
}

/**
 * One vars object per combination, as promptfoo expands them: a list of strings gives one
 * test per item (other lists stay one value), and a `file://` glob one test per matching file.
 */
function expandVars(vars: Record<string, unknown>, where: string, options: ResolveTestsOptions): Record<string, unknown>[] {
  let combinations: Record<string, unknown>[] = [{}];
  for (const [name, value] of Object.entries(vars)) {
    const choices = Array.isArray(value) && typeof value[0] === "string" ? value : (fileGlobChoices(value, `${where}.vars.${name}`, options) ?? [value]);
    combinations = combinations.flatMap((combination) => choices.map((choice) => ({ ...combination, [name]: choice })));
  }
  return combinations;
}

function fileGlobChoices(value: unknown, key: string, options: ResolveTestsOptions): string[] | undefined {
  if (typeof value !== "string" || !value.startsWith("file://") || !isDynamicPattern(value.slice("file://".length))) return undefined;
  const files = expandFileReference(value, options.baseDir);
  if (files.length === 0) throw new ConfigError({ file: options.file, key, found: `no file matching ${value}`, expected: "a pattern that matches at least one file" });
  return files.map((file) => `file://${file}`);
}

async function loadFileVars(vars: Record<string, unknown>, options: ResolveTestsOptions): Promise<Record<string, unknown>> {
  const loaded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value === "string" && value.startsWith("file://")) {
      const file = resolveFileReference(value, options.baseDir);
      const text = await readTextFile(file, options.file);
      loaded[name] = /\.ya?ml$/i.test(file) ? JSON.stringify(parseYamlText(text, file)) : text;
    } else loaded[name] = value;
  }
  return loaded;
}

async function testsFromFile(file: string, options: ResolveTestsOptions): Promise<TestEntry[]> {
  const text = await readTextFile(file, options.file);
  const name = path.relative(options.baseDir, file);
  if (/\.csv$/i.test(file)) return testsFromCsv(text, { file: name });
  if (/\.jsonl$/i.test(file)) {
    return text
      .split("\n")
      .map((line, index) => ({ line: line.trim(), index }))
      .filter(({ line }) => line !== "")
      .map(({ line, index }) => {
        try {
          return JSON.parse(line) as TestEntry;
        } catch {
          throw new ConfigError({ file, key: `line ${index + 1}`, found: "invalid JSON", expected: "one JSON test object per line" });
        }
      });
  }
  if (/\.(ya?ml|json)$/i.test(file)) {
    const value = parseYamlText(text, file);
    if (!Array.isArray(value)) throw new ConfigError({ file, key: "", found: typeof value, expected: "a list of tests" });
    return value as TestEntry[];
  }
  throw new ConfigError({ file: options.file, key: "tests", found: `test file ${name}`, expected: "a .csv, .jsonl, .yaml or .json file" });
}
