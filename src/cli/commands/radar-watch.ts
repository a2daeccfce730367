import type { Command } from "commander";
import type { RadarRun } from "../../radar/watch/index.js";
import { duration } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel radar watch`. */
export interface RadarWatchCommandOptions {
  /** Milliseconds from the start of one run to the start of the next (unset: one run). */
  every?: number;
}

/**
 * `flywheel radar watch`: runs the radar through the `radar` job queue (a `flywheel worker`
 * takes it when one serves the queue), once or every `--every` span until Ctrl-C. Registered on
 * the `radar` command; `loadRun` imports the whole run only when the command runs.
 */
export function registerRadarWatchCommand(radar: Command, loadRun: () => Promise<RadarRun>): void {
  radar
    .command("watch")
    .description("run the radar through the job queue (a worker takes it when one serves the radar queue), once or on a schedule until Ctrl-C")
    .option("--every <span>", "start a run every span, e.g. 6h or 30m (default: run once)", duration)
    .action((options: RadarWatchCommandOptions) => runAction(async (context) => (await import("../actions/radar-watch.js")).radarWatchAction(context, { ...options, run: await loadRun() })));
}
