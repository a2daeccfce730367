import type { Flywheel } from "../runtime/index.js";
import type { StopReason } from "./loop/agent-events.js";
import type { AgentRunOptions } from "./loop/loop-context.js";
import { runAgent } from "./loop/run-agent.js";
import { runPlanner } from "./planner/run-planner.js";

/** What an agent did for one eval case: the answer and the path it took, for assertions on both. */
export interface AgentEvalOutput {
  /** The final answer (or the last text when it stopped on a budget). */
  output: string;
  trajectory: {
    /** Model calls made (what `maxSteps` counts). */
    steps: number;
    /** Every tool call, in order, with what went back to the model. */
    toolCalls: { name: string; input: unknown; output: string; isError: boolean }[];
    /** US dollars (0 when the price is unknown). */
    costUsd: number;
    /** Tokens, input and output together. */
    tokens: number;
    /** Why the run stopped. */
    stopReason: StopReason;
  };
  /** The run's trace. */
  traceId: string;
}

/** Options for `agentEvalTarget`: an agent run's options without the objective, which each case supplies. */
export type AgentEvalTargetOptions = Omit<AgentRunOptions, "objective" | "onEvent" | "abortSignal"> & {
  /** Run the planner (task list) instead of the plain loop. */
  plan?: boolean;
};

/**
 * An agent as an eval target: a function from a case's input to the answer and the trajectory
 * (tools called, step count, cost, tokens), so evals can assert on what the agent did, not
 * only on what it said.
 *
 * ```ts
 * const target = agentEvalTarget(flywheel, { model: "openai:gpt-4o-mini", tools: [calculatorTool()], budgets: { maxSteps: 6 } });
 * const { output, trajectory } = await target("What is 37 * 91?");
 * ```
 */
export function agentEvalTarget(flywheel: Flywheel, options: AgentEvalTargetOptions): (input: string, call?: { signal?: AbortSignal }) => Promise<AgentEvalOutput> {
  const { plan, ...runOptions } = options;
  return async (input, call) => {
    const run = plan === true ? runPlanner : runAgent;
    const result = await run(flywheel, { ...runOptions, objective: input, abortSignal: call?.signal });
    return {
      output: result.text,
      trajectory: {
        steps: result.modelCalls,
        toolCalls: result.toolCalls.map((toolCall) => ({ name: toolCall.name, input: toolCall.input, output: toolCall.output, isError: toolCall.isError })),
        costUsd: result.costUsd,
        tokens: result.usage.totalTokens,
        stopReason: result.stopReason,
      },
      traceId: result.traceId,
    };
  };
}
