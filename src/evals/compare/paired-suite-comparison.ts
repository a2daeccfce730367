/** How one model did on the cases of a paired comparison. */
export interface ComparedModel {
  model: string;
  /** Cells run (tests x repeats). */
  cases: number;
  passed: number;
  /** Share of cases passed, with its bootstrap interval. */
  passRate: { estimate: number; low: number; high: number };
  /** Mean score (0..1). */
  meanScore: number;
  /** Mean latency per request in milliseconds. */
  latencyMs: number | undefined;
  /** Mean cost per request in US dollars (0 for local models; undefined when unknown). */
  costPerRequestUsd: number | undefined;
}

/** `better`, `no detectable difference` or `worse`: the candidate against the baseline, read off the paired interval and test. */
export type PairedVerdict = "better" | "no detectable difference" | "worse";

/** One suite's paired comparison of a candidate model with a baseline on the same cases. */
export interface PairedSuiteComparison {
  /** The suite's label (its file name, with the prompt's label when the suite has several). */
  suite: string;
  evalRunId: string;
  /** Tests both models answered. */
  cases: number;
  baseline: ComparedModel;
  candidate: ComparedModel;
  /** Candidate minus baseline, per-test mean scores: the paired bootstrap's estimate, interval and p-value. */
  difference: { estimate: number; low: number; high: number; pValue: number; confidence: number };
  /** McNemar's test on paired pass/fail (candidateOnly: cases only the candidate passed). */
  passFail: { candidateOnly: number; baselineOnly: number; pValue: number; method: string };
  verdict: PairedVerdict;
}
