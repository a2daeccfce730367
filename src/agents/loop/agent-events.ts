import type { TaskRecord } from "../planner/task-list.js";

/** Why an agent run stopped. */
export type StopReason =
  | "final-answer"
  | "objective-met"
  | "no-tasks-left"
  | "max-steps"
  | "max-time"
  | "max-tokens"
  | "max-cost"
  | "max-tool-calls"
  | "repeated-call";

/** One tool call as it ran: what the model asked for and what went back to it. */
export interface ToolCallRecord {
  /** The call id the model gave. */
  id: string;
  /** Tool name as the model wrote it. */
  name: string;
  /** The input as the model wrote it (validated or not). */
  input: unknown;
  /** What went back to the model: the result text, or the error message. */
  output: string;
  /** Whether the call failed (invalid input, refused, denied, thrown). */
  isError: boolean;
  /** Set when a person (or the approval callback) refused the call. */
  denied?: boolean;
  /** Step number (1-based) the call belongs to. */
  step: number;
  /** How long the tool ran. */
  durationMs: number;
}

/** Token counts of a run or a step. */
export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/** One model call of the loop and the tool calls it made. */
export interface AgentStep {
  /** 1-based step number across the whole run. */
  step: number;
  /** Text the model wrote in this step. */
  text: string;
  /** Tool calls made in this step. */
  toolCalls: ToolCallRecord[];
  /** Tokens of this model call. */
  usage: AgentUsage;
  /** US dollars, when the price is known. */
  costUsd: number | undefined;
  /** The model's finish reason. */
  finishReason: string;
}

/**
 * What an agent run reports while it works, in order. Names follow `<noun>-<verb>`.
 * A consumer prints them (the CLI) or forwards them (a server-sent-event stream).
 */
export type AgentEvent =
  | { type: "run-start"; model: string; objective: string; tools: string[]; traceId: string }
  | { type: "step-start"; step: number }
  | { type: "text-delta"; step: number; text: string }
  | { type: "tool-call-start"; step: number; id: string; name: string; input: unknown }
  | { type: "tool-call-end"; step: number; call: ToolCallRecord }
  | { type: "step-end"; step: AgentStep }
  | { type: "plan-update"; tasks: TaskRecord[]; reason: string }
  | { type: "task-start"; task: TaskRecord }
  | { type: "task-end"; task: TaskRecord }
  | { type: "run-end"; stopReason: StopReason; message: string; text: string };
