import type { FeedbackRecord, SpanRecord, Store, TraceDetail } from "../../store/index.js";
import { FlywheelAttributes } from "../../traces/index.js";
import type { ChatMessage, DatasetRow } from "../dataset-row.js";
import { modelSpanToMessages } from "./span-to-messages.js";

/** Which traces become rows. Every field is optional. */
export interface TraceSelection {
  /** Only traces whose model calls used this model id (`openai:gpt-4o-mini`). */
  model?: string;
  /** Only traces that started at or after this time (epoch ms). */
  since?: number;
  /** Only traces tagged so (the root span's `FlywheelAttributes.tags`). */
  tag?: string;
  /** Only traces of this prompt (the root span's `FlywheelAttributes.promptName`, or its name). */
  prompt?: string;
  /** `good`: traces whose latest feedback is good, or that carry a correction. `bad`: latest feedback bad. */
  feedback?: "good" | "bad";
  /** Traces whose latest feedback score is at least this, or that carry a correction. */
  minScore?: number;
  /** At most this many traces, newest first (default 10,000). */
  limit?: number;
}

/** What `rowsFromTraces` read and skipped. */
export interface TraceSourceReport {
  tracesRead: number;
  rows: number;
  /** Rows whose assistant reply is a person's correction. */
  corrected: number;
  skipped: { failed: number; noContent: number; filtered: number };
}

/**
 * Builds one row per trace from its last successful model call: the prompt it saw and the
 * reply it gave, or the newest correction a person gave for it (the preferred output).
 * Traces without captured content fall back to the root span's readable input and output.
 */
export async function rowsFromTraces(store: Store, selection: TraceSelection = {}): Promise<{ rows: DatasetRow[]; report: TraceSourceReport }> {
  const report: TraceSourceReport = { tracesRead: 0, rows: 0, corrected: 0, skipped: { failed: 0, noContent: 0, filtered: 0 } };
  const feedback = await feedbackByTrace(store);
  const rows: DatasetRow[] = [];
  const limit = selection.limit ?? 10_000;
  let cursor: string | undefined;
  do {
    const page = await store.traces.listTraces({ since: selection.since, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    for (const summary of page.traces) {
      if (report.tracesRead >= limit) break;
      report.tracesRead += 1;
      if (summary.status !== "ok" && summary.status !== "unset") {
        report.skipped.failed += 1;
        continue;
      }
      const trace = await store.traces.getTrace(summary.traceId);
      if (trace === undefined) continue;
      const notes = feedback.get(summary.traceId) ?? [];
      if (!selected(trace, notes, selection)) {
        report.skipped.filtered += 1;
        continue;
      }
      const row = traceToRow(trace, notes);
      if (row === undefined) {
        report.skipped.noContent += 1;
        continue;
      }
      if (row.metadata?.correctedBy !== undefined) report.corrected += 1;
      rows.push(row);
    }
    cursor = report.tracesRead >= limit ? undefined : page.nextCursor;
  } while (cursor !== undefined);
  report.rows = rows.length;
  // Oldest first, so a dataset reads in the order things happened.
  return { rows: rows.reverse(), report };
}

async function feedbackByTrace(store: Store): Promise<Map<string, FeedbackRecord[]>> {
  const byTrace = new Map<string, FeedbackRecord[]>();
  for (const record of await store.feedback.list({ limit: 100_000 })) {
    const list = byTrace.get(record.traceId);
    if (list === undefined) byTrace.set(record.traceId, [record]);
    else list.push(record);
  }
  return byTrace;
}

function selected(trace: TraceDetail, notes: FeedbackRecord[], selection: TraceSelection): boolean {
  const root = rootOf(trace);
  if (selection.model !== undefined && !trace.spans.some((span) => span.model === selection.model || span.attributes[FlywheelAttributes.modelId] === selection.model)) return false;
  if (selection.tag !== undefined && !tagsOf(root).includes(selection.tag)) return false;
  if (selection.prompt !== undefined && root?.attributes[FlywheelAttributes.promptName] !== selection.prompt && root?.name !== selection.prompt) return false;
  // Notes are newest first.
  const latest = notes[0];
  const corrected = notes.some((note) => note.correction !== null);
  if (selection.feedback === "good" && !(latest?.label === "good" || corrected)) return false;
  if (selection.feedback === "bad" && latest?.label !== "bad") return false;
  if (selection.minScore !== undefined && !((latest?.score ?? -1) >= selection.minScore || corrected)) return false;
  return true;
}

function traceToRow(trace: TraceDetail, notes: FeedbackRecord[]): DatasetRow | undefined {
  const root = rootOf(trace);
  const correction = notes.find((note) => note.correction !== null);
  const modelSpans = trace.spans.filter((span) => span.kind === "model" && span.status !== "error" && span.status !== "cancelled");
  const span = (correction?.spanId === null || correction === undefined ? undefined : modelSpans.find((item) => item.spanId === correction.spanId)) ?? lastByEnd(modelSpans);
  let prompt: ChatMessage[] | undefined;
  let output: ChatMessage | undefined;
  const conversation = span === undefined ? undefined : modelSpanToMessages(span);
  if (conversation !== undefined && conversation.prompt.length > 0) {
    prompt = conversation.prompt;
    output = conversation.output;
  } else {
    const input = root?.attributes[FlywheelAttributes.input];
    const reply = root?.attributes[FlywheelAttributes.output];
    if (typeof input === "string" && input !== "") {
      prompt = [{ role: "user", content: input }];
      output = typeof reply === "string" ? { role: "assistant", content: reply } : undefined;
    }
  }
  if (prompt === undefined) return undefined;
  if (correction?.correction != null) output = { role: "assistant", content: correction.correction };
  if (output === undefined || (output.content === "" && output.tool_calls === undefined)) return undefined;
  const latest = notes[0];
  const conversationId = root?.attributes[FlywheelAttributes.conversationId];
  return {
    messages: [...prompt, output],
    metadata: {
      source: "trace",
      traceId: trace.summary.traceId,
      ...(span === undefined ? {} : { spanId: span.spanId, model: span.attributes[FlywheelAttributes.modelId] ?? span.model }),
      ...(correction === undefined ? {} : { correctedBy: correction.feedbackId }),
      ...(latest === undefined ? {} : { feedback: { label: latest.label, score: latest.score } }),
      ...(typeof conversationId === "string" ? { conversationId } : {}),
    },
  };
}

function rootOf(trace: TraceDetail): SpanRecord | undefined {
  return trace.spans.find((span) => span.parentSpanId === null);
}

/** The root's tags: an array as Flywheel writes them, or comma-separated text as other tools may. */
function tagsOf(root: SpanRecord | undefined): string[] {
  const tags = root?.attributes[FlywheelAttributes.tags];
  if (Array.isArray(tags)) return tags.map(String);
  return typeof tags === "string" ? tags.split(",").map((tag) => tag.trim()) : [];
}

function lastByEnd(spans: SpanRecord[]): SpanRecord | undefined {
  return spans.reduce<SpanRecord | undefined>((latest, span) => (latest === undefined || span.endTime >= latest.endTime ? span : latest), undefined);
}
