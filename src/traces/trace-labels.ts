import { context, createContextKey, trace } from "@opentelemetry/api";
import type { Attributes, Context, Span as ActiveSpan, SpanContext } from "@opentelemetry/api";
import type { Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { UsageError } from "../errors/index.js";
import { FlywheelAttributes } from "./attributes.js";

/** What a trace is labelled with, so that people and datasets can select it later. */
export interface TraceLabels {
  /** Tags, such as `support` or `experiment-3`: one word each, no spaces or commas. */
  tags?: string[];
  /** The prompt the trace runs, which `datasets create --prompt` selects by. */
  promptName?: string;
  /** The path of the prompt file the trace runs. */
  promptFile?: string;
  /** The version of the prompt the trace runs: its content hash. */
  promptHash?: string;
  /** The experiment that chose what the trace runs, with the variant and the unit it assigned. */
  experiment?: { name: string; variant: string; unit: string };
  /** Shared by the traces of one conversation, so its turns stay in one dataset split. */
  conversationId?: string;
}

interface LabelScope {
  labels: TraceLabels;
  /** The span that was active when the scope began: spans started directly under it are labelled. */
  parent: ActiveSpan | undefined;
  onLabelled: ((span: SpanContext) => void) | undefined;
}

/** Options for `withTraceLabels`. */
export interface TraceLabelsOptions {
  /** Called with each span the labels go on as it starts (e.g. to answer with its trace id). */
  onLabelled?: (span: SpanContext) => void;
}

const labelScope = createContextKey("trace labels");

/**
 * Runs `work` with labels for what it traces: the spans it starts first (the root span of
 * each new trace, or the spans started directly under the span active at the call) carry
 * them, as the `FlywheelAttributes` tags, prompt name, file and hash, experiment, and
 * conversation id. Inside
 * an enclosing `withTraceLabels`, tags add up and the other labels given here win.
 *
 * ```ts
 * await withTraceLabels({ tags: ["support"], conversationId: ticket.id }, () =>
 *   generateText({ model: flywheel.model("openai:gpt-4o-mini"), prompt }),
 * );
 * ```
 */
export function withTraceLabels<T>(labels: TraceLabels, work: () => T, options: TraceLabelsOptions = {}): T {
  checkTraceTags(labels.tags ?? []);
  if (options.onLabelled === undefined && Object.values(labels).every((value) => value === undefined || (Array.isArray(value) && value.length === 0))) return work();
  const active = context.active();
  const outer = (active.getValue(labelScope) as LabelScope | undefined)?.labels ?? {};
  const merged: TraceLabels = {
    tags: [...new Set([...(outer.tags ?? []), ...(labels.tags ?? [])])],
    promptName: labels.promptName ?? outer.promptName,
    promptFile: labels.promptFile ?? outer.promptFile,
    promptHash: labels.promptHash ?? outer.promptHash,
    experiment: labels.experiment ?? outer.experiment,
    conversationId: labels.conversationId ?? outer.conversationId,
  };
  const scope: LabelScope = { labels: merged, parent: trace.getSpan(active), onLabelled: options.onLabelled };
  return context.with(active.setValue(labelScope, scope), work);
}

/** Puts the labels of the enclosing `withTraceLabels` on the spans started directly inside it. */
export class TraceLabelsProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const scope = parentContext.getValue(labelScope) as LabelScope | undefined;
    if (scope === undefined || trace.getSpan(parentContext) !== scope.parent) return;
    span.setAttributes(labelAttributes(scope.labels));
    scope.onLabelled?.(span.spanContext());
  }

  onEnd(): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function labelAttributes(labels: TraceLabels): Attributes {
  const attributes: Attributes = {};
  if (labels.tags !== undefined && labels.tags.length > 0) attributes[FlywheelAttributes.tags] = labels.tags;
  if (labels.promptName !== undefined) attributes[FlywheelAttributes.promptName] = labels.promptName;
  if (labels.promptFile !== undefined) attributes[FlywheelAttributes.promptFile] = labels.promptFile;
  if (labels.promptHash !== undefined) attributes[FlywheelAttributes.promptHash] = labels.promptHash;
  if (labels.experiment !== undefined) {
    attributes[FlywheelAttributes.experiment] = labels.experiment.name;
    attributes[FlywheelAttributes.experimentVariant] = labels.experiment.variant;
    attributes[FlywheelAttributes.experimentUnit] = labels.experiment.unit;
  }
  if (labels.conversationId !== undefined) attributes[FlywheelAttributes.conversationId] = labels.conversationId;
  return attributes;
}

/**
 * Throws a UsageError naming the first tag that is not one word. Tags are selected by one
 * word (`--tag support`, `tag=support`) and sent comma-separated, so they hold neither
 * spaces nor commas.
 */
export function checkTraceTags(tags: string[]): void {
  const bad = tags.find((tag) => !/^[^\s,]+$/.test(tag));
  if (bad !== undefined) throw new UsageError(`invalid tag "${bad}"`, "a tag is one word, without spaces or commas, such as support or experiment-3");
}
