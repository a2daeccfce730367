import { UsageError } from "../../errors/index.js";
import { failOnTripped, parseFailOn, redteamPlugins, redteamStrategies, renderRedteamTerminal, runRedteam } from "../../redteam/index.js";
import type { CommandContext } from "../command-context.js";
import type { RedteamCommandOptions } from "../commands/redteam.js";
import { colors } from "../output/terminal.js";

/** Runs a red team: progress on stderr, the report on stdout, report files written; exit 1 when `--fail-on` trips. */
export async function redteam(context: CommandContext, target: string | undefined, options: RedteamCommandOptions): Promise<number> {
  const { terminal } = context;
  if (options.list === true) {
    terminal.line("Plugins (what an attack tries):");
    for (const plugin of redteamPlugins) terminal.line(`  ${plugin.id.padEnd(32)} ${plugin.gradedBy.padEnd(7)} ${plugin.title}`);
    terminal.line("Strategies (how it is dressed):");
    for (const strategy of redteamStrategies) terminal.line(`  ${strategy.id.padEnd(32)} ${strategy.title}`);
    return 0;
  }
  if (target === undefined) throw new UsageError("name the target to attack", "e.g. flywheel redteam agent:support.agent.yaml (targets: prompt:, agent:, rag:, an http(s) URL or a model id)");
  const failOn = options.failOn === undefined ? undefined : parseFailOn(options.failOn);
  const flywheel = await context.flywheel();
  const showBar = options.progressBar !== false && terminal.interactiveErrors;
  const cliProgress = showBar ? (await import("cli-progress")).default : undefined;
  const bar = cliProgress ? new cliProgress.SingleBar({ format: "{bar} {value}/{total} attacks | ETA {eta_formatted}", stream: process.stderr, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  try {
    const { report, outputs } = await runRedteam(flywheel, {
      target,
      ...(options.plugins === undefined ? {} : { plugins: list(options.plugins) }),
      ...(options.strategies === undefined ? {} : { strategies: list(options.strategies) }),
      ...(options.attacks === undefined ? {} : { attacksPerCell: options.attacks }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.attacker === undefined ? {} : { attacker: options.attacker }),
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.grader === undefined ? {} : { grader: options.grader }),
      ...(options.maxAttacks === undefined ? {} : { maxAttacks: options.maxAttacks }),
      ...(options.maxCost === undefined ? {} : { maxCostUsd: options.maxCost }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.output === undefined ? {} : { outputs: options.output }),
      ...(options.saveSuite === undefined ? {} : { saveSuite: options.saveSuite }),
      signal: context.signal,
      onProgress: (done, total) => {
        if (!started) bar?.start(total, 0);
        started = true;
        bar?.update(done);
      },
    });
    bar?.stop();
    terminal.line(options.json === true ? JSON.stringify({ version: 1, ...report }, null, 2) : renderRedteamTerminal(report, { color: terminal.interactive ? undefined : false }));
    for (const output of outputs) terminal.info(colors.dim(`wrote ${output}`));
    if (context.signal.aborted) return 130;
    const tripped = failOn === undefined ? undefined : failOnTripped(report, failOn);
    if (tripped !== undefined) {
      terminal.info(colors.red(`fail: ${tripped}`));
      return 1;
    }
    return 0;
  } finally {
    if (started) bar?.stop();
  }
}

function list(value: string): string[] {
  return value.split(",").map((item) => item.trim()).filter((item) => item !== "");
}
