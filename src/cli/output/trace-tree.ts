import type { SpanRecord, TraceDetail } from "../../store/index.js";
import { AgentAttributes, FlywheelAttributes, GenAi } from "../../traces/index.js";
import { formatCost, formatDuration, formatTokens, formatTime, oneLine } from "./format.js";
import { colors } from "./terminal.js";

const PREVIEW_WIDTH = 100;

/** Renders a trace as an indented tree, one span a line, with its input and output under it. */
export function renderTraceTree(detail: TraceDetail): string {
  const { summary, spans } = detail;
  const lines = [
    `${colors.bold(`trace ${summary.traceId}`)}  ${summary.name ?? "(no root span)"}  ${statusText(summary.status)}`,
    colors.dim(
      `${formatTime(summary.startTime)} · ${formatDuration(summary.durationMs)} · ${summary.inputTokens} in / ${summary.outputTokens} out tokens · ${formatCost(summary.costUsd)} · ${summary.spanCount} spans`,
    ),
  ];
  const children = new Map<string | null, SpanRecord[]>();
  const ids = new Set(spans.map((span) => span.spanId));
  for (const span of spans) {
    const parent = span.parentSpanId !== null && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const walk = (parent: string | null, prefix: string) => {
    const list = children.get(parent) ?? [];
    list.forEach((span, index) => {
      const last = index === list.length - 1;
      lines.push(`${prefix}${last ? "└─ " : "├─ "}${spanLine(span)}`);
      const detailPrefix = `${prefix}${last ? "   " : "│  "}`;
      for (const [label, text] of spanDetails(span)) lines.push(`${detailPrefix}${colors.dim(`${label}:`)} ${oneLine(text, PREVIEW_WIDTH)}`);
      walk(span.spanId, detailPrefix);
    });
  };
  walk(null, "");
  return lines.join("\n");
}

function spanLine(span: SpanRecord): string {
  const parts = [colors.bold(span.name), statusText(span.status), formatDuration(span.endTime - span.startTime)];
  if (span.model !== null && span.kind !== "run") parts.push(colors.cyan(span.model));
  if (span.inputTokens !== null || span.outputTokens !== null) parts.push(`${formatTokens(span.inputTokens)} in / ${formatTokens(span.outputTokens)} out`);
  if (span.costUsd !== null) parts.push(formatCost(span.costUsd));
  const ttft = span.attributes[FlywheelAttributes.timeToFirstTokenMs];
  if (typeof ttft === "number") parts.push(`first token ${formatDuration(ttft)}`);
  if (span.attributes[FlywheelAttributes.cacheHit] === true) parts.push(colors.yellow("cached"));
  const stopReason = span.attributes[AgentAttributes.stopReason];
  if (typeof stopReason === "string") parts.push(`stop: ${stopReason}`);
  return parts.join("  ");
}

function spanDetails(span: SpanRecord): [string, string][] {
  const details: [string, string][] = [];
  const input = span.attributes[GenAi.inputMessages] ?? span.attributes[FlywheelAttributes.input];
  const output = span.attributes[GenAi.outputMessages] ?? span.attributes[FlywheelAttributes.output];
  if (input !== undefined) details.push(["input", messagesText(input)]);
  if (output !== undefined) details.push(["output", messagesText(output)]);
  if (span.status === "error" && span.statusMessage !== null) details.push(["error", span.statusMessage]);
  for (const event of span.events.filter((item) => item.name === "retry")) {
    details.push(["retry", `attempt ${String(event.attributes.attempt)} failed (${String(event.attributes.error)}); waited ${String(event.attributes.delay_ms)} ms`]);
  }
  return details;
}

/** Turns semantic-convention messages (a JSON string) into `role: text` for one line. */
function messagesText(value: unknown): string {
  if (typeof value !== "string") return JSON.stringify(value);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  if (!Array.isArray(parsed)) return value;
  return parsed
    .map((message: { role?: string; parts?: { type: string; content?: string; name?: string; arguments?: unknown; response?: unknown }[] }) => {
      const text = (message.parts ?? [])
        .map((part) => {
          if (part.type === "text" || part.type === "reasoning") return part.content ?? "";
          if (part.type === "tool_call") return `${part.name ?? "tool"}(${JSON.stringify(part.arguments)})`;
          if (part.type === "tool_call_response") return `→ ${JSON.stringify(part.response)}`;
          return `[${part.type}]`;
        })
        .join(" ");
      return `${message.role ?? "?"}: ${text}`;
    })
    .join(" | ");
}

function statusText(status: string): string {
  if (status === "ok") return colors.green("ok");
  if (status === "error") return colors.red("error");
  if (status === "cancelled" || status === "interrupted") return colors.yellow(status);
  return colors.dim(status);
}
