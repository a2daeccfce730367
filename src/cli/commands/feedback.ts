import type { Command } from "commander";
import { numberIn } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel feedback`. */
export interface FeedbackCommandOptions {
  score?: number;
  label?: string;
  correction?: string;
  note?: string;
  author?: string;
  span?: string;
  json?: boolean;
}

/** `flywheel feedback <trace-id>`: a person's judgement of a trace's output. */
export function registerFeedbackCommand(program: Command): void {
  program
    .command("feedback")
    .description("store human feedback on a trace (several per trace are kept)")
    .argument("<trace-id>", "trace id, or a unique prefix of at least 6 characters")
    .option("--score <0..1>", "how good the output was, 0 to 1", numberIn(0, 1))
    .option("--label <good|bad>", "thumbs up (good) or down (bad)")
    .option("--correction <text|@file>", "the output that should have been produced; @path reads a file")
    .option("--note <text>", "a comment")
    .option("--author <name>", "who is judging (default: your user name)")
    .option("--span <id>", "judge one span's output instead of the trace's final output")
    .option("--json", "print the stored feedback as JSON")
    .action((traceId: string, options: FeedbackCommandOptions) =>
      runAction(async (context) => (await import("../actions/feedback.js")).feedback(context, traceId, options)),
    );
}
