import type { Command } from "commander";
import { runAction } from "../run-action.js";

/** Options of `flywheel radar feedback`. */
export interface RadarFeedbackOptions {
  json?: boolean;
}

/** `flywheel radar feedback <cluster-id> useful|noise`, registered on the `radar` command. */
export function registerRadarFeedbackCommand(radar: Command): void {
  radar
    .command("feedback")
    .description("mark a digest entry useful or noise: similar stories rise or fall in later digests, one marked noise goes last")
    .argument("<cluster-id>", "the entry's cluster id, or a unique prefix of at least 6 characters")
    .argument("<verdict>", "useful or noise")
    .option("--json", "print the stored feedback as JSON")
    .action((clusterId: string, verdict: string, options: RadarFeedbackOptions) =>
      runAction(async (context) => (await import("../actions/radar-feedback.js")).radarFeedback(context, clusterId, verdict, options)),
    );
}
