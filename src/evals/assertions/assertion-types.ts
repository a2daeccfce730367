import type { AssertionSpec, EvalTest } from "../suite/eval-suite.js";
import type { TrajectoryStep } from "../targets/eval-target.js";
import type { TemplateRenderer } from "../templates/index.js";
import type { ScriptRunner } from "./script-runner.js";

/** What an assertion's verdict is: pass or fail, a score in 0..1, and why. */
export interface AssertionResult {
  pass: boolean;
  /** 0..1 (latency and cost without a threshold report their raw value). */
  score: number;
  /** Why it passed or failed, in one or two sentences. */
  reason: string;
  /** True when the assertion could not be evaluated (bad value, grader down, timeout): the cell becomes an error. */
  error?: boolean;
  /** Details for reports (grader output, distances, generated questions). */
  metadata?: Record<string, unknown>;
}

/** Services assertions use: graders, embedders, script sandboxes. */
export interface AssertionServices {
  /** Folder `file://` references resolve against. */
  baseDir: string;
  /** Aborted when the run is cancelled. */
  signal: AbortSignal;
  /** Time limit for javascript and python assertions. */
  scriptTimeoutMs: number;
  /** Default grader model id (model-graded assertions). */
  grader: string;
  /** Default embedding model id (`similar`). */
  embedder: string;
  /** Use the response cache for grader calls. */
  cache: boolean;
  /**
   * Asks a grader model; resolves to its text. With `verdict`, the reply is meant to be a
   * `{reason, pass, score}` JSON object: an embedded grader is held to that shape by a
   * grammar, and the default grader chosen from an OpenAI key is asked for a JSON object.
   */
  generate(request: { modelId: string; prompt: string; system?: string; verdict?: boolean }): Promise<string>;
  /** Embeds texts with an embedding model (memoised per run). */
  embed(request: { modelId: string; texts: string[] }): Promise<number[][]>;
  /** Runs javascript and python assertion code out of the process's main thread, with time limits. */
  scripts: ScriptRunner;
  /** Renders Nunjucks templates (prompts, vars, assertion values) in a sandbox. */
  templates: TemplateRenderer;
}

/** Everything an assertion handler sees about one cell. */
export interface AssertionInput {
  /** The assertion as written (type with any `not-` prefix). */
  assertion: AssertionSpec;
  /** The type without `not-`. */
  baseType: string;
  /** True for `not-` assertions. */
  inverse: boolean;
  /** The assertion value with `{{vars}}` rendered (strings and lists of strings), or loaded from a `file://` data file. */
  value: unknown;
  /** The target's output as produced (text or a JSON value). */
  output: unknown;
  /** The output as text (JSON for non-strings). */
  outputText: string;
  /** The output after the target's transform, before the test's (what `contextTransform` reads). */
  targetOutput?: unknown;
  /** The test's variables. */
  vars: Record<string, unknown>;
  /** The rendered prompt, when there was one. */
  prompt: string | undefined;
  /** Time the target took, in milliseconds. */
  latencyMs: number;
  /** Cost of the target call in US dollars, when known. */
  costUsd: number | undefined;
  /** True when the output came from a cache. */
  cached: boolean;
  /** Retrieved context from the target (RAG). */
  context: string | string[] | undefined;
  /** Agent steps from the target. */
  trajectory: TrajectoryStep[] | undefined;
  /** Metadata from the target. */
  metadata: Record<string, unknown> | undefined;
  /** The test case. */
  test: EvalTest;
  services: AssertionServices;
}

/** Evaluates one assertion type. Throw for a misconfigured assertion: the cell becomes an error with the message. */
export type AssertionHandler = (input: AssertionInput) => AssertionResult | Promise<AssertionResult>;

/** A result from a pass/fail check, inverted for `not-` types. */
export function booleanResult(matched: boolean, inverse: boolean, describe: (negated: boolean) => string): AssertionResult {
  const pass = matched !== inverse;
  return { pass, score: pass ? 1 : 0, reason: pass ? "assertion passed" : describe(inverse) };
}

/** A bad assertion value: thrown by handlers, reported as a cell error. */
export class AssertionValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssertionValueError";
  }
}

/** The value as a non-empty string or number, for text checks. */
export function requireText(input: AssertionInput): string {
  const { value, assertion } = input;
  if ((typeof value === "string" && value !== "") || (typeof value === "number" && Number.isFinite(value))) return String(value);
  throw new AssertionValueError(`"${assertion.type}" needs a string value`);
}
