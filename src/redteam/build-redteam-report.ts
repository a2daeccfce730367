import type { EvalRun } from "../evals/runner/eval-run.js";
import { wilsonInterval } from "../evals/stats/wilson-interval.js";
import { redteamPlugins } from "./plugins/index.js";
import type { Attack, AttackOutcome, AttackVerdict, GradedBy, ObservedToolCall, RedteamReport, SuccessRate, TargetInfo, TargetRun } from "./redteam-types.js";

/** What `buildRedteamReport` needs besides the eval run. */
export interface RedteamReportContext {
  target: TargetInfo;
  attacks: readonly Attack[];
  seed: number;
  attacker: string;
  strategies: readonly string[];
  skipped: { plugin: string; reason: string }[];
  startedAt: number;
  finishedAt: number;
  budget: { maxAttacks?: number; maxCostUsd?: number; spentUsd: number; stoppedBy?: "max-cost" | "max-attacks" };
}

/** A red-team report from the eval run of its attack suite: success rates per plugin and per plugin x strategy with 95% Wilson intervals, and every outcome. */
export function buildRedteamReport(run: EvalRun, context: RedteamReportContext): RedteamReport {
  const outcomes: AttackOutcome[] = [];
  for (const cell of run.cells) {
    const attack = context.attacks[cell.testIndex];
    if (attack === undefined) continue;
    const graded = cell.assertions.find((assertion) => assertion.type === "redteam");
    const metadata = graded?.metadata as { verdict?: AttackVerdict; transcript?: TargetRun["transcript"]; toolCalls?: ObservedToolCall[]; traceId?: string } | undefined;
    const verdict = metadata?.verdict;
    const status = cell.status === "error" || verdict === undefined ? "error" : verdict.success ? "success" : "blocked";
    outcomes.push({
      attack,
      status,
      reason: status === "error" ? (cell.error ?? cell.reason) : verdict!.reason,
      ...(verdict?.evidence === undefined ? {} : { evidence: verdict.evidence }),
      ...((metadata?.traceId ?? cell.traceId) === undefined ? {} : { traceId: metadata?.traceId ?? cell.traceId }),
      costUsd: cell.costUsd ?? 0,
      durationMs: cell.latencyMs,
      ...(metadata?.transcript === undefined ? {} : { transcript: metadata.transcript }),
      ...(metadata?.toolCalls === undefined ? {} : { toolCalls: metadata.toolCalls }),
    });
  }
  const plugins = [...new Set(context.attacks.map((attack) => attack.plugin))];
  const gradedBy = (plugin: string): GradedBy => redteamPlugins.find((candidate) => candidate.id === plugin)?.gradedBy ?? "output";
  const judged = outcomes.filter((outcome) => outcome.status !== "error").length;
  const seconds = Math.max(0.001, (context.finishedAt - context.startedAt) / 1000);
  return {
    target: context.target,
    seed: context.seed,
    attacker: context.attacker,
    startedAt: new Date(context.startedAt).toISOString(),
    durationMs: context.finishedAt - context.startedAt,
    attacksPerSecond: judged / seconds,
    evalRunId: run.runId,
    plugins: plugins.map((plugin) => ({ plugin, gradedBy: gradedBy(plugin), ...rateOf(outcomes.filter((outcome) => outcome.attack.plugin === plugin)) })),
    cells: plugins.flatMap((plugin) =>
      context.strategies
        .map((strategy) => ({ plugin, strategy, group: outcomes.filter((outcome) => outcome.attack.plugin === plugin && outcome.attack.strategy === strategy) }))
        .filter(({ group }) => group.length > 0)
        .map(({ plugin, strategy, group }) => ({ plugin, strategy, ...rateOf(group) })),
    ),
    strategies: [...context.strategies],
    outcomes,
    skipped: context.skipped,
    budget: context.budget,
  };
}

/** Attacks, successes and errors of a group, with the success rate's Wilson interval (errors are not counted as attacks). */
export function rateOf(outcomes: readonly AttackOutcome[]): SuccessRate {
  const attacks = outcomes.filter((outcome) => outcome.status !== "error").length;
  const successes = outcomes.filter((outcome) => outcome.status === "success").length;
  return { attacks, successes, errors: outcomes.length - attacks, rate: attacks === 0 ? 0 : successes / attacks, interval: wilsonInterval(successes, attacks) };
}
