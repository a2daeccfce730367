import type { EvalTarget, TrajectoryStep } from "../evals/targets/eval-target.js";
import type { RedteamTargetSpec } from "../evals/suite/eval-suite.js";
import { seededRandom } from "../evals/stats/seeded-random.js";
import { UsageError } from "../errors/index.js";
import type { Flywheel } from "../runtime/index.js";
import { Attacker } from "./attacker.js";
import { hashSeed, selectStrategies } from "./generate-attacks.js";
import { forgetLiveRun, registerLiveRun } from "./live-runs.js";
import { startRange } from "./range/start-range.js";
import type { Attack, Range, RedteamTarget, TargetInput, TargetRun } from "./redteam-types.js";
import { openRedteamTarget } from "./targets/open-redteam-target.js";

/**
 * The eval target behind `redteam:<target>`: starts the range and opens the target on the
 * first cell, then runs each attack: placeholders rendered from the live range, the text
 * dressed by the attack's strategy (seeded by the attack id), multi-turn escalation written by
 * the attacker, and the honeypot hits of the attack collected.
 */
export async function redteamEvalTarget(flywheel: Flywheel, spec: RedteamTargetSpec): Promise<EvalTarget> {
  const { seed } = spec.settings;
  const range: Range = await startRange({ seed });
  let target: RedteamTarget;
  try {
    target = await openRedteamTarget(flywheel, spec.reference, { range, cwd: flywheel.config.cwd, ...(spec.settings.model === undefined ? {} : { model: spec.settings.model }) });
  } catch (error) {
    await range.close();
    throw error;
  }
  const key = registerLiveRun({ range, target: target.info, flywheel });
  const attacker = new Attacker(flywheel, spec.settings.attacker, seed);
  return {
    id: spec.id,
    label: spec.label,
    async call(input, { signal }) {
      const attack = input.vars.attack as Attack | undefined;
      if (attack === undefined || typeof attack.id !== "string" || !Array.isArray(attack.turns)) throw new UsageError("this red-team test has no `attack` variable", "run suites written by `flywheel redteam --save-suite`");
      const run = await runAttack(attack);
      const trajectory: TrajectoryStep[] = run.toolCalls.map((call) => ({ type: "tool-call", name: call.name, input: call.input, output: call.output }));
      return { output: run.output, trajectory, costUsd: run.costUsd, tokenUsage: { input: run.tokens }, metadata: { redteam: run, redteamRun: key, ...(run.traceId === undefined ? {} : { traceId: run.traceId }) } };

      async function runAttack(attack: Attack): Promise<TargetRun> {
        const [strategy] = selectStrategies([attack.strategy]);
        const random = seededRandom(hashSeed(`${seed}:${attack.id}`));
        const template = { goal: attack.goal, text: attack.turns[0]!, ...(attack.strategy === "language" ? { translations: { other: attack.turns[0]! } } : {}) };
        const render = (text: string) => range.render(attack.id, text);
        const dress = (text: string) => strategy!.apply(render(text), { random, template });
        const first: TargetInput = {
          attackId: attack.id,
          approveCalls: attack.plugin !== "approval-bypass",
          messages: [{ role: "user", content: attack.plant === undefined ? dress(attack.turns[0]!) : render(attack.turns[0]!) }],
          ...(attack.plant === undefined ? {} : { plant: { ...attack.plant, text: dress(attack.plant.text) } }),
          ...(attack.systemNote === undefined ? {} : { systemNote: render(attack.systemNote) }),
        };
        let result = await target.run(first, { signal });
        const merged = { ...result, toolCalls: [...result.toolCalls], costUsd: result.costUsd, tokens: result.tokens, steps: result.steps };
        const turns = attack.maxTurns ?? 1;
        let messages = result.transcript;
        for (let turn = 1; turn < turns; turn += 1) {
          const next = await attacker.nextTurn(attack.goal, render(attack.plant?.text ?? attack.turns[0]!), messages, turn);
          messages = [...messages, { role: "user", content: next }];
          result = await target.run({ ...first, messages }, { signal });
          messages = result.transcript;
          merged.toolCalls.push(...result.toolCalls);
          merged.costUsd += result.costUsd;
          merged.tokens += result.tokens;
          merged.steps = Math.max(merged.steps ?? 0, result.steps ?? 0);
        }
        const output = turns > 1 ? messages.filter((message) => message.role === "assistant").map((message) => message.content).join("\n\n") : result.output;
        return { ...merged, ...(result.traceId === undefined ? {} : { traceId: result.traceId }), output, transcript: messages, honeypotHits: range.honeypot.hits(attack.id) };
      }
    },
    async close() {
      forgetLiveRun(key);
      await target.close();
      await range.close();
    },
  };
}
