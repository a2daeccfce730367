import { runRadar } from "../../radar/run-radar.js";
import type { RadarPipeline } from "../../radar/radar-pipeline.js";
import type { CommandContext } from "../command-context.js";
import type { RadarRunOptions } from "../commands/radar.js";
import { colors } from "../output/terminal.js";
import { ExitCode } from "../run-action.js";
import { printDigest } from "./radar.js";

/**
 * `flywheel radar run`: one run of the pipeline with progress on stderr, then the digest on
 * stdout or in `--output`. When every feed failed the digest of stored items is still printed,
 * and the exit code is 1, as for other partial failures.
 */
export async function radarRun(context: CommandContext, options: RadarRunOptions): Promise<number> {
  const flywheel = await context.flywheel();
  const steps = (await import("../../radar/default-pipeline.js")).defaultPipeline;
  let fetched = { sources: 0, failed: 0 };
  const watched: RadarPipeline = {
    ...steps,
    fetch: async (radarContext) => {
      const result = await steps.fetch(radarContext);
      fetched = { sources: result.sources, failed: result.failures.length };
      return result;
    },
  };
  const radarContext = {
    flywheel,
    config: flywheel.config.radar,
    cwd: flywheel.config.cwd,
    now: Date.now(),
    signal: context.signal,
    progress: (message: string) => context.terminal.info(colors.dim(message)),
  };
  if (flywheel.config.radar.sources.length === 0 && options.offline !== true) {
    context.terminal.warn("no feeds to read: list RSS, Atom or JSON Feed URLs under radar.sources in flywheel.config.yaml (see docs/radar.md)");
  }
  const digest = await runRadar(radarContext, { since: options.since, limit: options.limit, offline: options.offline, warn: (message) => context.terminal.warn(message) }, watched);
  await printDigest(context, digest, options);
  if (fetched.sources > 0 && fetched.failed >= fetched.sources) {
    context.terminal.warn(`every one of the ${fetched.sources} sources failed: the digest shows stored items only`);
    return ExitCode.failure;
  }
  return ExitCode.ok;
}
