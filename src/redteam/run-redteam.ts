import { writeFile } from "node:fs/promises";
import path from "node:path";
import { runEvalSuite } from "../evals/run-eval-suite.js";
import type { EvalRun } from "../evals/runner/eval-run.js";
import type { SuiteFile } from "../evals/suite/suite-schema.js";
import { UsageError } from "../errors/index.js";
import { ModelCallBudget } from "../models/index.js";
import type { Flywheel } from "../runtime/index.js";
import { Attacker } from "./attacker.js";
import { buildAttackSuite } from "./build-attack-suite.js";
import { buildRedteamReport } from "./build-redteam-report.js";
import { generateAttacks, selectPlugins, selectStrategies } from "./generate-attacks.js";
import { startRange } from "./range/start-range.js";
import type { Attack, RedteamReport, RunRedteamOptions, TargetInfo } from "./redteam-types.js";
import { attackSuiteYaml, checkRedteamReportPath, writeRedteamReport } from "./report/index.js";
import { openRedteamTarget } from "./targets/open-redteam-target.js";

/** What `runRedteam` produced. */
export interface RunRedteamResult {
  report: RedteamReport;
  /** The eval run that holds every attack as a cell. */
  run: EvalRun;
  /** The attack set as an eval suite (what `saveSuite` writes). */
  suite: SuiteFile;
  /** Report files written. */
  outputs: string[];
}

/**
 * Attacks a target: generates the attack set (plugins x strategies x templates, paraphrased
 * by the attacker model, seeded), runs it as an eval of a `redteam:` target inside a range of
 * traps, and reports the success rate of every plugin and strategy with the proof of each
 * successful attack. `maxAttacks` and `maxCostUsd` hold for the whole run (attacker, target and
 * grader calls together); nothing an attack or a model says can raise them.
 *
 * ```ts
 * const { report } = await runRedteam(flywheel, { target: "agent:support.agent.yaml", attacker: "none" });
 * for (const plugin of report.plugins) console.log(plugin.plugin, plugin.successes, "/", plugin.attacks);
 * ```
 */
export async function runRedteam(flywheel: Flywheel, options: RunRedteamOptions): Promise<RunRedteamResult> {
  const defaults = flywheel.config.redteam;
  const cwd = options.cwd ?? flywheel.config.cwd;
  for (const output of options.outputs ?? []) checkRedteamReportPath(output);
  const seed = options.seed ?? defaults.seed;
  const attackerId = options.attacker ?? defaults.attacker;
  const attackerModel = attackerId === "none" ? undefined : attackerId;
  // Unknown ids fail before anything starts.
  const plugins = selectPlugins(options.plugins ?? defaults.plugins).map((plugin) => plugin.id);
  const strategies = selectStrategies(options.strategies ?? defaults.strategies).map((strategy) => strategy.id);
  const target = await targetInfo(flywheel, options.target, seed, cwd, options.model);

  const attacksPerCell = options.attacksPerCell ?? defaults.attacksPerCell;
  const generated = generateAttacks({ target, plugins, strategies, attacksPerCell, seed, ...(options.maxAttacks === undefined ? {} : { maxAttacks: options.maxAttacks }) });
  if (generated.attacks.length === 0) {
    throw new UsageError(`no plugin applies to ${options.target}: ${generated.skipped.map((skip) => `${skip.plugin} (${skip.reason})`).join("; ")}`, "name other plugins with --plugins, or give the target the tools they attack");
  }
  const uncapped = options.maxAttacks === undefined ? generated.attacks.length : generateAttacks({ target, plugins, strategies, attacksPerCell, seed }).attacks.length;

  const budget = options.maxCostUsd === undefined ? undefined : new ModelCallBudget({ maxCostUsd: options.maxCostUsd });
  const attacker = new Attacker(flywheel, attackerModel, seed);
  const paraphrase = async () => {
    await attacker.check(generated.attacks[0]!.template.text);
    return Promise.all(generated.attacks.map(async ({ attack }) => paraphrased(attack, attacker)));
  };
  const attacks: Attack[] = budget === undefined ? await paraphrase() : (await budget.track(paraphrase)).value;

  const suite = buildAttackSuite(attacks, {
    target: options.target,
    seed,
    ...(attackerModel === undefined ? {} : { attacker: attackerModel }),
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(options.grader === undefined ? {} : { grader: options.grader }),
    concurrency: options.concurrency ?? defaults.concurrency,
  });
  const startedAt = Date.now();
  let done = 0;
  const { run } = await runEvalSuite(flywheel, {
    suite,
    cwd,
    resume: false,
    ...(budget === undefined ? {} : { budget }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    name: `redteam ${options.target}`,
    onCell: () => {
      done += 1;
      options.onProgress?.(done, attacks.length);
    },
  });
  const report = buildRedteamReport(run, {
    target,
    attacks,
    seed,
    attacker: attackerId,
    strategies,
    skipped: generated.skipped,
    startedAt,
    finishedAt: Date.now(),
    budget: {
      ...(options.maxAttacks === undefined ? {} : { maxAttacks: options.maxAttacks }),
      ...(options.maxCostUsd === undefined ? {} : { maxCostUsd: options.maxCostUsd }),
      spentUsd: budget?.costUsd ?? run.cells.reduce((sum, cell) => sum + (cell.costUsd ?? 0), 0),
      ...(run.status === "stopped" ? { stoppedBy: "max-cost" as const } : uncapped > attacks.length ? { stoppedBy: "max-attacks" as const } : {}),
    },
  });
  const outputs = (options.outputs ?? []).map((output) => path.resolve(cwd, output));
  for (const output of outputs) await writeRedteamReport(report, output);
  if (options.saveSuite !== undefined) {
    const file = path.resolve(cwd, options.saveSuite);
    await writeFile(file, attackSuiteYaml(suite));
    outputs.push(file);
  }
  return { report, run, suite, outputs };
}

/** Opens the target once, inside a throwaway range, to learn its tools and budgets; an unreachable target fails here. */
async function targetInfo(flywheel: Flywheel, reference: string, seed: number, cwd: string, model: string | undefined): Promise<TargetInfo> {
  const range = await startRange({ seed });
  try {
    const target = await openRedteamTarget(flywheel, reference, { range, cwd, ...(model === undefined ? {} : { model }) });
    await target.close();
    return target.info;
  } finally {
    await range.close();
  }
}

async function paraphrased(attack: Attack, attacker: Attacker): Promise<Attack> {
  if (attacker.model === undefined || attack.strategy === "language") return attack;
  if (attack.plant !== undefined) return { ...attack, plant: { ...attack.plant, text: await attacker.paraphrase(attack.plant.text) } };
  return { ...attack, turns: [await attacker.paraphrase(attack.turns[0]!), ...attack.turns.slice(1)] };
}
