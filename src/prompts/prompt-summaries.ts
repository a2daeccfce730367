import path from "node:path";
import { quantileOfSorted } from "../evals/stats/quantile.js";
import type { Flywheel } from "../runtime/index.js";
import type { LiveCallCounts } from "../store/index.js";
import { loadPromptFiles, pickPromptFile } from "./resolve-prompt-reference.js";
import type { PromptSummary, PromptVersionMetrics, PromptVersionOfflineScore, PromptVersionSummary } from "./prompt-types.js";

/** Newest live calls per prompt whose durations the latency percentiles are taken over. */
const LATENCY_WINDOW = 20_000;
/** Newest eval runs searched for a prompt's offline scores. */
const EVAL_RUNS_SEARCHED = 500;

/**
 * Every prompt (or the one named) with its versions: the files in `prompts.dir`, the versions
 * the store has seen in use, each with its live metrics (calls, errors, latency p50/p95, cost,
 * feedback, online check pass rates) and what eval runs scored it.
 */
export async function promptSummaries(flywheel: Pick<Flywheel, "config" | "store">, name?: string): Promise<PromptSummary[]> {
  const files = (await loadPromptFiles(path.resolve(flywheel.config.cwd, flywheel.config.prompts.dir))).filter((file) => name === undefined || file.name === name);
  const stored = await flywheel.store.prompts.versions(name);
  const live = await flywheel.store.prompts.liveCalls(name);
  const names = [...new Set([...files.map((file) => file.name), ...stored.map((version) => version.name), ...live.map((row) => row.promptName)])].sort();
  const offline = await offlineScores(flywheel, new Set(names));
  const summaries: PromptSummary[] = [];
  for (const prompt of names) {
    const file = pickPromptFile(files.filter((entry) => entry.name === prompt), prompt);
    const hashes = [...new Set([...stored.filter((version) => version.name === prompt).map((version) => version.hash), ...live.filter((row) => row.promptName === prompt).map((row) => row.promptHash), ...(file === undefined ? [] : [file.hash])])];
    const metrics = await liveMetrics(flywheel, prompt, live.filter((row) => row.promptName === prompt));
    const versions: PromptVersionSummary[] = hashes.map((hash) => ({
      name: prompt,
      hash,
      current: file?.hash === hash,
      firstSeenAt: stored.find((version) => version.name === prompt && version.hash === hash)?.firstSeenAt ?? live.find((row) => row.promptName === prompt && row.promptHash === hash)?.firstAt ?? null,
      live: metrics.get(hash) ?? emptyMetrics(),
      offline: offline.get(`${prompt}\u0000${hash}`) ?? null,
    }));
    versions.sort((a, b) => (a.firstSeenAt ?? Number.MAX_SAFE_INTEGER) - (b.firstSeenAt ?? Number.MAX_SAFE_INTEGER));
    summaries.push({ name: prompt, file: file?.file ?? null, currentHash: file?.hash ?? null, versions });
  }
  return summaries;
}

async function liveMetrics(flywheel: Pick<Flywheel, "store">, name: string, counts: LiveCallCounts[]): Promise<Map<string, PromptVersionMetrics>> {
  const [durations, feedback, checks] = await Promise.all([flywheel.store.prompts.liveDurations(name, LATENCY_WINDOW), flywheel.store.prompts.liveFeedback(name), flywheel.store.prompts.checkCounts(name)]);
  const hashes = new Set([...counts.map((row) => row.promptHash), ...checks.map((row) => row.promptHash)]);
  const metrics = new Map<string, PromptVersionMetrics>();
  for (const hash of hashes) {
    const row = counts.find((entry) => entry.promptHash === hash);
    const sorted = durations.filter((entry) => entry.promptHash === hash).map((entry) => entry.durationMs).sort((a, b) => a - b);
    const scores = feedback.filter((entry) => entry.promptHash === hash).map((entry) => entry.score);
    const byCheck: PromptVersionMetrics["checks"] = {};
    for (const entry of checks.filter((check) => check.promptHash === hash)) {
      const check = (byCheck[entry.checkName] ??= { n: 0, passed: 0, errors: 0, passRate: null });
      check.n += entry.count;
      if (entry.status === "pass") check.passed += entry.count;
      if (entry.status === "error") check.errors += entry.count;
    }
    for (const check of Object.values(byCheck)) check.passRate = check.n - check.errors > 0 ? check.passed / (check.n - check.errors) : null;
    const calls = row?.calls ?? 0;
    metrics.set(hash, {
      calls,
      errors: row?.errors ?? 0,
      errorRate: calls > 0 ? (row?.errors ?? 0) / calls : 0,
      latencyP50Ms: sorted.length > 0 ? quantileOfSorted(sorted, 0.5) : null,
      latencyP95Ms: sorted.length > 0 ? quantileOfSorted(sorted, 0.95) : null,
      costUsd: row?.costUsd ?? 0,
      costPerCallUsd: calls > 0 ? (row?.costUsd ?? 0) / calls : null,
      feedback: scores.length > 0 ? { n: scores.length, mean: scores.reduce((sum, score) => sum + score, 0) / scores.length } : null,
      checks: byCheck,
      firstUsedAt: row?.firstAt ?? null,
      lastUsedAt: row?.lastAt ?? null,
    });
  }
  return metrics;
}

function emptyMetrics(): PromptVersionMetrics {
  return { calls: 0, errors: 0, errorRate: 0, latencyP50Ms: null, latencyP95Ms: null, costUsd: 0, costPerCallUsd: null, feedback: null, checks: {}, firstUsedAt: null, lastUsedAt: null };
}

/** Eval scores per `name\0hash`, from the newest runs whose variants ran those prompts. */
async function offlineScores(flywheel: Pick<Flywheel, "store">, names: Set<string>): Promise<Map<string, PromptVersionOfflineScore>> {
  const scores = new Map<string, PromptVersionOfflineScore & { passed: number; scoreSum: number }>();
  if (names.size === 0) return new Map();
  for (const run of await flywheel.store.evals.listRuns({ limit: EVAL_RUNS_SEARCHED })) {
    const variants = ((run.suite as { variants?: { index: number; promptName?: string; promptHash?: string }[] }).variants ?? []).filter((variant) => variant.promptName !== undefined && names.has(variant.promptName) && variant.promptHash !== undefined);
    if (variants.length === 0) continue;
    const counted = await flywheel.store.evals.variantScores(run.runId);
    for (const variant of variants) {
      const cells = counted.find((entry) => entry.variantIndex === variant.index);
      if (cells === undefined || cells.cells === 0) continue;
      const key = `${variant.promptName}\u0000${variant.promptHash}`;
      const score = scores.get(key) ?? { runs: 0, cells: 0, passRate: 0, meanScore: 0, passed: 0, scoreSum: 0, lastRunId: run.runId, lastRunAt: run.createdAt };
      score.runs += 1;
      score.cells += cells.cells;
      score.passed += cells.passed;
      score.scoreSum += cells.meanScore * cells.cells;
      // Runs come newest first: the first seen is the last run.
      scores.set(key, score);
    }
  }
  return new Map([...scores].map(([key, { passed, scoreSum, ...score }]) => [key, { ...score, passRate: passed / score.cells, meanScore: scoreSum / score.cells }]));
}
