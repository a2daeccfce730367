import type { ModelMessage } from "ai";
import type { Flywheel } from "../../runtime/index.js";
import { AgentAttributes, FlywheelAttributes, withSpan, withTraceLabels } from "../../traces/index.js";
import type { AgentEvent, AgentStep, AgentUsage, StopReason, ToolCallRecord } from "./agent-events.js";
import type { AgentBudgets } from "./budget-tracker.js";
import { createLoopContext } from "./loop-context.js";
import type { AgentRunOptions } from "./loop-context.js";
import { runToolLoop } from "./tool-loop.js";
import type { LoopContext, LoopOutcome } from "./tool-loop.js";
import type { TaskRecord } from "../planner/task-list.js";

/** Options for `runAgent`. */
export type RunAgentOptions = AgentRunOptions;

/** What an agent run did and produced. */
export interface AgentResult {
  /** The model id used. */
  model: string;
  /** The final answer; when the run stopped for another reason, the last text the model wrote. */
  text: string;
  /** Why the run stopped. */
  stopReason: StopReason;
  /** Says why, in words (`stopped: the step budget of 5 model calls is spent`). */
  message: string;
  /** Every model call and the tool calls it made. */
  steps: AgentStep[];
  /** Every tool call, in order. */
  toolCalls: ToolCallRecord[];
  /** Model calls made, planning calls included (what `maxSteps` counts). */
  modelCalls: number;
  /** Tokens across all model calls. */
  usage: AgentUsage;
  /** US dollars across all model calls (0 when the price is unknown). */
  costUsd: number;
  /** The budgets the run was held to. */
  budgets: AgentBudgets;
  /** The planner's task list at the end (planner runs only). */
  tasks?: TaskRecord[];
  /** The trace holding every step; show it with `flywheel traces show <id>`. */
  traceId: string;
  durationMs: number;
}

/**
 * Runs a tool-calling agent on an objective: the model calls tools (in parallel when it asks for
 * several), sees their results, and answers; it stops on the answer, on a budget or on repeated
 * identical calls. Every step, model call and tool call is a span of one trace.
 *
 * ```ts
 * const result = await runAgent(flywheel, {
 *   objective: "What is 37 * 91 + 12?",
 *   model: "openai:gpt-4o-mini",
 *   tools: [calculatorTool()],
 *   budgets: { maxSteps: 5, maxCostUsd: 0.01 },
 * });
 * console.log(result.text, result.stopReason);
 * ```
 */
export async function runAgent(flywheel: Flywheel, options: RunAgentOptions): Promise<AgentResult> {
  return runAgentSpan(flywheel, options, "agent", async (context) => {
    const messages: ModelMessage[] = [{ role: "user", content: options.objective }];
    return { outcome: await runToolLoop(context, messages) };
  });
}

/** Opens the run's root span, builds its context, runs `work`, and assembles the result. Shared with the planner. */
export async function runAgentSpan(
  flywheel: Flywheel,
  options: AgentRunOptions,
  mode: "agent" | "planner",
  work: (context: LoopContext) => Promise<{ outcome: LoopOutcome; tasks?: TaskRecord[] }>,
): Promise<AgentResult> {
  const emit = (event: AgentEvent) => options.onEvent?.(event);
  const context = createLoopContext(flywheel, options, emit);
  const { tracker } = context;
  try {
    return await withTraceLabels({ tags: options.tags }, () =>
      withSpan(
        flywheel.tracing.tracer,
        mode === "planner" ? "agent plan" : "agent",
        {
          kind: "agent",
          attributes: {
            [FlywheelAttributes.modelId]: context.modelId,
            [FlywheelAttributes.input]: options.objective,
            [AgentAttributes.tools]: context.tools.map((tool) => tool.name),
            [AgentAttributes.budgets]: JSON.stringify(tracker.budgets),
          },
        },
        async (span) => {
          const traceId = span.spanContext().traceId;
          emit({ type: "run-start", model: context.modelId, objective: options.objective, tools: context.tools.map((tool) => tool.name), traceId });
          const { outcome, tasks } = await work(context);
          span.setAttribute(FlywheelAttributes.output, outcome.text);
          span.setAttribute(AgentAttributes.stopReason, outcome.stopReason);
          span.setAttribute(AgentAttributes.steps, tracker.steps);
          span.setAttribute(AgentAttributes.toolCalls, context.toolCalls.length);
          span.setAttribute(FlywheelAttributes.costUsd, tracker.costUsd);
          if (!["final-answer", "objective-met", "no-tasks-left"].includes(outcome.stopReason)) span.setAttribute(AgentAttributes.stopMessage, outcome.message);
          emit({ type: "run-end", stopReason: outcome.stopReason, message: outcome.message, text: outcome.text });
          return {
            model: context.modelId,
            text: outcome.text,
            stopReason: outcome.stopReason,
            message: outcome.message,
            steps: context.steps,
            toolCalls: context.toolCalls,
            modelCalls: tracker.steps,
            usage: tracker.usage,
            costUsd: tracker.costUsd,
            budgets: { ...tracker.budgets },
            ...(tasks === undefined ? {} : { tasks }),
            traceId,
            durationMs: tracker.elapsedMs(),
          };
        },
      ),
    );
  } finally {
    tracker.dispose();
  }
}
