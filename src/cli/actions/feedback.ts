import { readFile } from "node:fs/promises";
import { addFeedback } from "../../datasets/index.js";
import { UsageError } from "../../errors/index.js";
import type { CommandContext } from "../command-context.js";
import type { FeedbackCommandOptions } from "../commands/feedback.js";

/** Stores feedback and confirms it. */
export async function feedback(context: CommandContext, traceId: string, options: FeedbackCommandOptions): Promise<void> {
  if (options.label !== undefined && options.label !== "good" && options.label !== "bad") {
    throw new UsageError(`unknown label "${options.label}"`, "use --label good or --label bad");
  }
  if (options.score === undefined && options.label === undefined && options.correction === undefined) {
    throw new UsageError("no feedback given", "pass --score <0..1>, --label good|bad or --correction <text|@file>");
  }
  const correction = options.correction?.startsWith("@") ? await readCorrection(options.correction.slice(1)) : options.correction;
  const flywheel = await context.flywheel();
  const record = await addFeedback(flywheel.store, {
    traceId,
    spanId: options.span,
    score: options.score,
    label: options.label as "good" | "bad" | undefined,
    correction,
    note: options.note,
    author: options.author,
  });
  if (options.json === true) context.terminal.line(JSON.stringify(record, null, 2));
  else context.terminal.line(`feedback ${record.feedbackId.slice(0, 8)} stored on trace ${record.traceId.slice(0, 12)}`);
}

async function readCorrection(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch {
    throw new UsageError(`cannot read the correction file "${file}"`, "check the path after @");
  }
}
