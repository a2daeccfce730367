import type { DefaultGrading } from "./default-grading.js";
import type { PromptFile } from "../../prompts/index.js";
import type { EvalTarget } from "../targets/eval-target.js";

/** Model parameters a variant sends with every call. */
export interface ModelParameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  stopSequences?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** The answer's format: text, any JSON object, or JSON that follows a schema. */
  responseFormat?: ResponseFormat;
  /** A system message for every call. */
  system?: string;
  /** OpenAI `reasoning_effort` (reasoning models). */
  reasoningEffort?: string;
  /** OpenAI `verbosity` (GPT-5 models). */
  verbosity?: string;
  /** OpenAI `max_completion_tokens` (reasoning models count hidden reasoning tokens in it). */
  maxCompletionTokens?: number;
  /** Functions the model may call, sent as OpenAI tools. */
  tools?: FunctionDeclaration[];
  /** `auto`, `none`, `required`, or the one function the model must call. */
  toolChoice?: "auto" | "none" | "required" | { name: string };
  /**
   * How a call comes back as the output: `tools` gives OpenAI's `tool_calls` array,
   * `functions` (the legacy `functions` setting) gives its `function_call` object.
   */
  callShape?: "tools" | "functions";
}

/** The format of a model's answer (promptfoo and OpenAI `response_format`). */
export type ResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | {
      type: "json_schema";
      name: string;
      description?: string;
      strict?: boolean;
      schema: Record<string, unknown>;
      /** Read from a `file://` reference: promptfoo then leaves the answer as text instead of parsing it. */
      fromFile?: boolean;
    };

/** A function the model may call: OpenAI's function declaration. */
export interface FunctionDeclaration {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

/** A prompt of the suite, resolved. */
export interface SuitePrompt {
  /** 0-based position among the suite's prompts. */
  index: number;
  /** Name shown in reports. */
  label: string;
  /** The user template (`{{var}}`); for chat prompts, a JSON array of messages rendered as text. */
  template: string;
  /** A system template (prompt files). */
  system?: string;
  /** Where it came from: `inline` or a file path. */
  source: string;
  /** The parsed prompt file, for `*.prompt.md` prompts. */
  promptFile?: PromptFile;
  /** The prompt's version: a prompt file's content hash, else the hash of its system and user templates. */
  hash: string;
  /** Model named by a prompt file; used when the suite lists no providers. */
  model?: string;
  /** Parameters from a prompt file, under the target's own. */
  parameters?: ModelParameters;
  /** Parameters from the prompt's `config` (promptfoo), over the target's own. */
  overrides?: ModelParameters;
  /** The label and id promptfoo gives this prompt, which a target's `prompts` list matches. */
  reference: { label: string; id?: string };
}

/** A promptfoo transform: inline JavaScript or a `file://` reference, and where the suite file sets it. */
export interface TransformSpec {
  /** Inline code (one line is an expression, several lines a function body) or `file://path[:function]`. */
  code: string;
  /** Key path in the suite file, for messages (`providers[0].transform`). */
  where: string;
}

/** Settings every target spec carries. */
interface TargetSpecBase {
  /** Stable id (the id as written, e.g. `openai:chat:gpt-4o-mini`). */
  id: string;
  /** Name shown in reports. */
  label: string;
  /** Most cells of this target in flight at once. */
  concurrency?: number;
  /** Most calls a minute to this target. */
  rateLimit?: number;
  /** Applied to every output of this target, before the test's transform. */
  transform?: TransformSpec;
  /** Only these prompts run on this target: labels or ids, `prefix*`, or `name` for `name:…` (promptfoo `prompts`). */
  prompts?: string[];
}

/** A prompt sent to a model from the registry. */
export interface ModelTargetSpec extends TargetSpecBase {
  kind: "model";
  /** Flywheel model id, e.g. `openai:gpt-4o-mini`. */
  modelId: string;
  parameters: ModelParameters;
}

/** promptfoo's `echo`: the output is the rendered prompt. */
export interface EchoTargetSpec extends TargetSpecBase {
  kind: "echo";
}

/** A JS/TS module (promptfoo custom provider: a class with `callApi`, or a function). */
export interface FunctionTargetSpec extends TargetSpecBase {
  kind: "function";
  /** Absolute path of the module. */
  file: string;
  /** Export to use (default: the default export). */
  exportName?: string;
  /** Passed to the provider's constructor as `options.config`. */
  config: Record<string, unknown>;
}

/** An HTTP endpoint with request and response mapping. */
export interface HttpTargetSpec extends TargetSpecBase {
  kind: "http";
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Request body; string leaves are `{{var}}` templates (`{{prompt}}` is the rendered prompt). */
  body: unknown;
  queryParams: Record<string, string>;
  /** A JS expression over `json`, `text` and `context` (e.g. `json.choices[0].message.content`) picking the output. */
  transformResponse?: string;
}

/** An EvalTarget object given in a TS suite or in code (RAG pipelines, agents). */
export interface CustomTargetSpec extends TargetSpecBase {
  kind: "custom";
  target: EvalTarget;
}

/** A retrieval pipeline (`rag:<collection>`): retrieve, then answer with citations; the passages are the context. */
export interface RagTargetSpec extends TargetSpecBase {
  kind: "rag";
  collection: string;
  settings: RagTargetSettings;
}

/** Settings of a `rag:` target (the `config` of its provider entry). */
export interface RagTargetSettings {
  /** Chat model that answers (default: config defaultModel). */
  model?: string;
  mode?: "vector" | "bm25" | "hybrid";
  k?: number;
  /** Rerank with this chat model. */
  rerank?: string;
  /** Prompt file overriding the grounded-answer prompt. */
  prompt?: string;
  minScore?: number;
  weights?: { vector?: number; bm25?: number };
  temperature?: number;
  maxTokens?: number;
}

/** An agent (`agent:<model id>`): tools, budgets, optionally the planner; its trajectory is kept for assertions. */
export interface AgentTargetSpec extends TargetSpecBase {
  kind: "agent";
  modelId: string;
  settings: AgentTargetSettings;
}

/** Settings of an `agent:` target (the `config` of its provider entry). */
export interface AgentTargetSettings {
  /** Built-in tools by name (calculator, read_file, ...). */
  tools?: string[];
  /** MCP servers from config by name. */
  mcp?: string[];
  /** Use the planner (task list). */
  plan?: boolean;
  maxSteps?: number;
  maxTimeMs?: number;
  maxTokens?: number;
  maxCostUsd?: number;
  /** Folder the file tools may read (relative to the suite). */
  root?: string;
  instructions?: string;
  /** Describe tools in the prompt instead of native tool calls. */
  prompted?: boolean;
  /** The first model call must call a tool. */
  requireTool?: boolean;
  temperature?: number;
}

/** A red-team target (`redteam:<target reference>`): each test's `attack` var is run against the target inside the red team's range of traps. */
export interface RedteamTargetSpec extends TargetSpecBase {
  kind: "redteam";
  /** The attacked target: `prompt:<ref>`, `agent:<file>`, `rag:<collection>`, an http(s) URL or a model id. */
  reference: string;
  settings: RedteamTargetSettings;
}

/** Settings of a `redteam:` target (the `config` of its provider entry). */
export interface RedteamTargetSettings {
  /** The run seed: canaries and dressing derive from it. */
  seed: number;
  /** Attacker model for multi-turn escalation (absent: fixed escalation lines). */
  attacker?: string;
  /** Model for prompt and rag targets. */
  model?: string;
}

/** A target of the suite, resolved. */
export type TargetSpec = ModelTargetSpec | EchoTargetSpec | FunctionTargetSpec | HttpTargetSpec | CustomTargetSpec | RagTargetSpec | AgentTargetSpec | RedteamTargetSpec;

/** An assertion, resolved. */
export interface AssertionSpec {
  /** As written, `not-` prefix included. */
  type: string;
  value?: unknown;
  threshold?: number;
  weight?: number;
  metric?: string;
  /** Grader or embedder model id (already mapped from promptfoo ids). */
  provider?: string;
  config?: Record<string, unknown>;
  timeoutMs?: number;
  /** Applied to the output for this assertion only. */
  transform?: TransformSpec;
  /** Computes the context of context-* assertions from the output (after the target's transform). */
  contextTransform?: TransformSpec;
}

/** A test case, resolved: defaultTest merged in, array vars expanded, file vars loaded. */
export interface EvalTest {
  /** 0-based position in the resolved list. */
  index: number;
  description?: string;
  vars: Record<string, unknown>;
  assert: AssertionSpec[];
  threshold?: number;
  metadata?: Record<string, unknown>;
  /** Grader for this test's model-graded assertions. */
  grader?: string;
  /** Applied to the output after the target's transform (promptfoo `options.transform` or `options.postprocess`). */
  transform?: TransformSpec;
  /** Applied to the vars before rendering; what it returns is merged over them (promptfoo `options.transformVars`). */
  transformVars?: TransformSpec;
  /** The output is kept as this var for the cells after it (promptfoo `options.storeOutputAs`). */
  storeOutputAs?: string;
  /** Model parameters of this test (promptfoo `options`), over the variant's own. */
  parameters?: ModelParameters;
}

/** A variant: one column of the matrix, a prompt on a target. */
export interface EvalVariant {
  /** 0-based column index. */
  index: number;
  /** `prompt @ target`, or just one of them when the other does not vary. */
  label: string;
  /** Index into the suite's prompts, or undefined when the suite has none. */
  promptIndex: number | undefined;
  /** Index into the suite's targets. */
  targetIndex: number;
}

/** A suite ready to run. */
export interface EvalSuite {
  /** Absolute path of the suite file, when read from one. */
  file?: string;
  /** Folder that relative paths resolve against. */
  baseDir: string;
  description?: string;
  prompts: SuitePrompt[];
  targets: TargetSpec[];
  tests: EvalTest[];
  variants: EvalVariant[];
  /** Runs of each cell. */
  repeat: number;
  /** Most cells in flight at once. */
  concurrency: number;
  /** Seed for the statistics' resampling. */
  seed: number;
  /** Default grader model id. */
  grader: string;
  /** Default embedding model id. */
  embedder: string;
  /** Set when `grader` or `embedder` was chosen from the keys present rather than named by the suite. */
  defaultGrading?: DefaultGrading;
  /** Metrics computed from each variant's named metric totals (mathjs expressions). */
  derivedMetrics?: DerivedMetric[];
  /** Use the response cache. */
  cache: boolean;
  /** Time limit for javascript and python assertions. */
  assertionTimeoutMs: number;
  /** Custom Nunjucks filters (promptfoo `nunjucksFilters`): filter name to the absolute path of its module. */
  nunjucksFilters: Record<string, string>;
  /** Output files the suite asks for (promptfoo `outputPath`). */
  outputPaths: string[];
  /** Things the loader ignored or could not use, each one line. */
  warnings: string[];
  /** SHA-256 of everything that changes results: equal hashes mean an interrupted run can resume. */
  hash: string;
}

/** A promptfoo derived metric: a name and a mathjs expression over named metric totals and `__count`. */
export interface DerivedMetric {
  name: string;
  value: string;
}
