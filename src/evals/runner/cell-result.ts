import type { AssertionOutcome } from "../assertions/run-assertions.js";

/** How a cell ended: every assertion passed, some failed, or it could not be evaluated. */
export type CellStatus = "pass" | "fail" | "error";

/** One cell of an eval: one test on one variant, one repeat. */
export interface CellResult {
  testIndex: number;
  variantIndex: number;
  repeatIndex: number;
  status: CellStatus;
  /** True only when status is `pass`. */
  pass: boolean;
  /** Weighted mean of the assertion scores, 0..1 (0 for errors). */
  score: number;
  /** Why it failed or errored, or `all assertions passed`. */
  reason: string;
  /** The output as text. */
  output: string;
  /** The rendered prompt. */
  prompt?: string;
  /** The error message, for errors. */
  error?: string;
  assertions: AssertionOutcome[];
  namedScores: Record<string, number>;
  /** Total assertion weight behind each named score; absent in cells stored before it was recorded (weight 1 then). */
  namedScoreWeights?: Record<string, number>;
  /** Milliseconds the target took. */
  latencyMs: number;
  costUsd?: number;
  tokens?: { input?: number; output?: number };
  /** True when the output came from a cache. */
  cached: boolean;
  /** The trace of this cell (`flywheel traces show <id>`). */
  traceId?: string;
}
