import type { ModelParameters } from "../suite/eval-suite.js";

/**
 * A prompt rendered for one test case. Model targets send it; other targets may use it
 * or ignore it and read the vars.
 */
export interface RenderedPrompt {
  /** The rendered user text (for chat prompts, the last user message). */
  text: string;
  /** A rendered system message, when the prompt has one. */
  system?: string;
  /** A whole conversation, when the prompt is in chat format (`[{role, content}, ...]`). */
  messages?: { role: "system" | "user" | "assistant"; content: string }[];
  /** The prompt's label, for targets that report it. */
  label: string;
}

/** One step an agent took, for trajectory checks in assertions. */
export interface TrajectoryStep {
  /** `tool-call`, `tool-result`, `message`, `retrieve`, ... */
  type: string;
  /** Tool name for tool steps. */
  name?: string;
  /** Tool arguments or step input. */
  input?: unknown;
  /** Tool result or step output. */
  output?: unknown;
}

/** What a target receives for one cell of an eval. */
export interface EvalTargetInput {
  /** The test's variables (after defaults and file loading). */
  vars: Record<string, unknown>;
  /** The variant's prompt rendered with the vars; absent when the suite has no prompts. */
  prompt: RenderedPrompt | undefined;
  /** Which test this is. */
  test: { index: number; description?: string; metadata?: Record<string, unknown> };
  /** Which repeat of the cell (0 for the first); repeats must not share one cached answer. */
  repeat: number;
  /** The test's own model parameters (promptfoo test `options`), over the variant's; model targets send them. */
  parameters?: ModelParameters;
}

/** Options for one call of a target. */
export interface EvalTargetCallOptions {
  /** Aborted on Ctrl-C or when the run is cancelled. */
  signal: AbortSignal;
  /** Whether cached responses may be used (false with `--no-cache`). */
  cache: boolean;
}

/** What a target produced for one cell; assertions read every field. */
export interface EvalTargetOutput {
  /** The answer: text, or any JSON value (assertions see it as text via JSON). */
  output: unknown;
  /** Retrieved passages (RAG), read by context-faithfulness and context-recall. */
  context?: string | string[];
  /** Steps an agent took, for trajectory checks in javascript/python assertions. */
  trajectory?: TrajectoryStep[];
  /** Anything else worth keeping with the result. */
  metadata?: Record<string, unknown>;
  /** Tokens used, when known. */
  tokenUsage?: { input?: number; output?: number };
  /** Cost in US dollars, when known. */
  costUsd?: number;
  /** True when the answer came from a cache (latency assertions then refuse to judge). */
  cached?: boolean;
}

/**
 * Anything an eval can measure: a prompt on a model, a function, an HTTP endpoint, and
 * later a RAG pipeline or an agent. A target turns one test case's vars (and the
 * variant's rendered prompt) into an output, plus optional retrieved context and an
 * agent trajectory for the assertions that check them. Throw to report a failure: the
 * cell is marked as an error with the message, and the run goes on.
 *
 * ```ts
 * const rag: EvalTarget = {
 *   id: "rag:docs",
 *   async call({ vars }, { signal }) {
 *     const { answer, passages } = await answerQuestion(String(vars.question), { signal });
 *     return { output: answer, context: passages.map((p) => p.text) };
 *   },
 * };
 * ```
 */
export interface EvalTarget {
  /** Stable id: part of variant labels, cache keys and stored runs. */
  readonly id: string;
  /** Name shown in reports (defaults to the id). */
  readonly label?: string;
  /** Produces the output for one cell. */
  call(input: EvalTargetInput, options: EvalTargetCallOptions): Promise<EvalTargetOutput>;
  /** Releases what the target holds; called once when the run ends. */
  close?(): Promise<void>;
}
