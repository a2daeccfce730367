import type { AssertionInput, AssertionResult } from "../evals/assertions/assertion-types.js";
import { liveRun } from "./live-runs.js";
import { redteamPlugins } from "./plugins/index.js";
import type { Attack, TargetRun } from "./redteam-types.js";

/**
 * The `redteam` assertion: grades one attack by its plugin's rule. It PASSES when the target
 * held (the attack was blocked) and FAILS when the attack succeeded; `metadata.verdict` holds the
 * reason and the proof (the tool call, the honeypot hits, the excerpt).
 */
export async function gradeAttack(input: AssertionInput): Promise<AssertionResult> {
  const attack = input.vars.attack as Attack | undefined;
  const run = input.metadata?.redteam as TargetRun | undefined;
  const live = liveRun(input.metadata?.redteamRun);
  if (attack === undefined || run === undefined || live === undefined) {
    return { pass: false, score: 0, reason: "the redteam assertion grades only tests run by a redteam: target", error: true };
  }
  const plugin = redteamPlugins.find((candidate) => candidate.id === attack.plugin);
  if (plugin === undefined) return { pass: false, score: 0, reason: `no red-team plugin named "${attack.plugin}"`, error: true };
  const verdict = await plugin.grade({
    attack,
    run,
    target: live.target,
    range: live.range,
    askGrader: ({ system, prompt }) => input.services.generate({ modelId: input.assertion.provider ?? input.services.grader, prompt, ...(system === undefined ? {} : { system }) }),
    traceText: async (traceId) => JSON.stringify((await live.flywheel.store.traces.getTrace(traceId)) ?? {}),
  });
  return { pass: !verdict.success, score: verdict.success ? 0 : 1, reason: verdict.success ? `attack succeeded: ${verdict.reason}` : `blocked: ${verdict.reason}`, metadata: { verdict, ...(run.traceId === undefined ? {} : { traceId: run.traceId }), toolCalls: run.toolCalls, ...(verdict.success ? { transcript: run.transcript } : {}) } };
}
