import { randomUUID } from "node:crypto";
import { userInfo } from "node:os";
import { z } from "zod";
import { NotFoundError, UsageError } from "../errors/index.js";
import { redactSecrets } from "../secrets/index.js";
import type { FeedbackRecord, Store } from "../store/index.js";

/** What a person says about a trace's output. At least one of score, label or correction. */
export const feedbackInputSchema = z
  .object({
    /** The trace judged (a full id or a unique prefix). */
    traceId: z.string().min(6),
    /** The span judged; the trace's final output when absent. */
    spanId: z.string().optional(),
    /** How good the output was, 0 (useless) to 1 (perfect). */
    score: z.number().min(0).max(1).optional(),
    /** A thumbs up (`good`) or down (`bad`). */
    label: z.enum(["good", "bad"]).optional(),
    /** The output that should have been produced. */
    correction: z.string().min(1).optional(),
    /** Free-form comment. */
    note: z.string().optional(),
    /** Who gave it (default: the operating-system user). */
    author: z.string().min(1).optional(),
  })
  .strict()
  .refine((input) => input.score !== undefined || input.label !== undefined || input.correction !== undefined, {
    message: "give a score, a label or a correction",
  });

/** Input of `addFeedback`. */
export type FeedbackInput = z.input<typeof feedbackInputSchema>;

/**
 * Stores one piece of feedback on a trace. Several per trace are kept, each with author
 * and time; the newest wins when a dataset is built, and a correction becomes the
 * preferred output. Secrets are scrubbed from the text before it is stored.
 */
export async function addFeedback(store: Store, input: FeedbackInput): Promise<FeedbackRecord> {
  const parsed = feedbackInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join(".");
    throw new UsageError(`invalid feedback${key === "" ? "" : ` (${key})`}: ${issue.message}`, "scores go from 0 to 1; labels are good or bad");
  }
  const value = parsed.data;
  const trace = await store.traces.getTrace(value.traceId);
  if (trace === undefined) throw new NotFoundError({ what: "trace", id: value.traceId, hint: "list trace ids with `flywheel traces list`" });
  if (value.spanId !== undefined && !trace.spans.some((span) => span.spanId === value.spanId)) {
    throw new NotFoundError({ what: "span", id: value.spanId, hint: `the span must belong to trace ${trace.summary.traceId}` });
  }
  const record: FeedbackRecord = {
    feedbackId: randomUUID(),
    traceId: trace.summary.traceId,
    spanId: value.spanId ?? null,
    score: value.score ?? (value.label === undefined ? null : value.label === "good" ? 1 : 0),
    label: value.label ?? null,
    correction: value.correction === undefined ? null : redactSecrets(value.correction),
    note: value.note === undefined ? null : redactSecrets(value.note),
    author: value.author ?? defaultAuthor(),
    createdAt: Date.now(),
  };
  await store.feedback.add(record);
  return record;
}

function defaultAuthor(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return "unknown";
  }
}
