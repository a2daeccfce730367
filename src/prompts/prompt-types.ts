/** Live metrics of one prompt version: calls that ran it outside evals. */
export interface PromptVersionMetrics {
  calls: number;
  errors: number;
  /** errors / calls (0 without calls). */
  errorRate: number;
  /** Latency percentiles over the newest calls (ms), null without calls. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  costUsd: number;
  costPerCallUsd: number | null;
  /** Mean of each call's latest feedback score (good = 1, bad = 0), over the calls with feedback. */
  feedback: { n: number; mean: number } | null;
  /** Online checks by name: results, passes, and errors (checks that could not run). */
  checks: Record<string, { n: number; passed: number; errors: number; passRate: number | null }>;
  /** Epoch ms of the first and last call, null without calls. */
  firstUsedAt: number | null;
  lastUsedAt: number | null;
}

/** What eval runs measured of a prompt version. */
export interface PromptVersionOfflineScore {
  runs: number;
  cells: number;
  /** Share of cells that passed. */
  passRate: number;
  meanScore: number;
  lastRunId: string;
  lastRunAt: number;
}

/** One version of a prompt: where it was seen, its live metrics and its eval scores. */
export interface PromptVersionSummary {
  name: string;
  hash: string;
  /** True when it is what the prompt file holds now. */
  current: boolean;
  /** Epoch ms the store first saw it in use (null for a file version never run). */
  firstSeenAt: number | null;
  live: PromptVersionMetrics;
  offline: PromptVersionOfflineScore | null;
}

/** A prompt with every version seen, oldest first. */
export interface PromptSummary {
  name: string;
  /** The prompt file in `prompts.dir`, when there is one. */
  file: string | null;
  /** The file's version now. */
  currentHash: string | null;
  versions: PromptVersionSummary[];
}
